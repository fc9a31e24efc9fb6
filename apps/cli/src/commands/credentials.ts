import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { hubError } from '@hub/core/errors';
import { openHubResources } from '@hub/core/runtime';
import { openStore } from './credentials-store.js';

export { runCredentialsSet, type CredentialsIo, type CredentialsSetOptions } from './credentials-set.js';

/** `hub credentials rotate-key`: re-wraps every data key under the first key of HUB_MASTER_KEYS. */
export async function runRotateKey(env: Env, print: (line: string) => void = console.log): Promise<void> {
  if (!env.HUB_MASTER_KEYS) {
    throw hubError('HUB_CLI_USAGE', 'set HUB_MASTER_KEYS="<new id>:<base64 32 bytes>,<old id>:<old key>" (new key first, old one still listed), then run rotate-key; remove the old key afterwards');
  }
  const master = new EnvMasterKeys(env.HUB_MASTER_KEYS);
  const resources = openHubResources(parseEnv(BaseEnv, env));
  try {
    const { rewrapped } = await new CredentialStore(resources.pool, master).rewrapDataKeys();
    print(`re-wrapped ${rewrapped} data key(s) under master key ${master.currentKeyId}; older master keys can now be removed from HUB_MASTER_KEYS`);
  } finally {
    await resources.close();
  }
}

/**
 * `hub credentials rotate-data-keys`: every credential re-encrypted under a fresh data key, the
 * older data keys retired. Ctrl-C stops it between two rows; running it again finishes the job.
 * `complete` is false when it was interrupted or a row could not be decrypted.
 */
export async function runRotateDataKeys(env: Env, print: (line: string) => void = console.log, signal?: AbortSignal): Promise<{ complete: boolean }> {
  const { store, close } = await openStore(env, print);
  try {
    const report = await store.rotateDataKeys({ ...(signal ? { signal } : {}) });
    print(`re-encrypted ${report.reencrypted} credential(s) under the fresh data key ${report.dataKeyId}; retired ${report.retired} older data key(s)`);
    for (const f of report.failed) print(`not re-encrypted: ${f.connector}${f.account ? `/${f.account}` : ''} (${f.code}); set it again with hub credentials set`);
    if (report.interrupted) print(`interrupted: ${report.remaining} credential(s) are still under a retired data key (readable); run rotate-data-keys again to finish`);
    else if (report.remaining > report.failed.length) print(`${report.remaining - report.failed.length} credential(s) written meanwhile under a retired data key; run rotate-data-keys again`);
    return { complete: !report.interrupted && report.failed.length === 0 };
  } finally {
    await close();
  }
}

/** `hub credentials list`: connector, account, field names (never values) and the keys in use. */
export async function runCredentialsList(env: Env, print: (line: string) => void = console.log): Promise<void> {
  const { store, close } = await openStore(env, print);
  try {
    const stored = await store.list();
    if (stored.length === 0) return print('no credentials stored; add some with: hub credentials set <connector> --field <name> (the value is asked for, hidden)');
    print(['CONNECTOR'.padEnd(20), 'ACCOUNT'.padEnd(24), 'FIELDS'.padEnd(44), 'DATA KEY / MASTER KEY'].join('  '));
    for (const c of stored) {
      let names: string;
      try {
        names = Object.keys((await store.get(c.connector, c.account)) ?? {}).sort().join(', ');
      } catch (err) {
        names = `(unreadable: ${(err as { code?: string }).code ?? 'error'})`;
      }
      print([c.connector.padEnd(20), (c.account || '(default)').padEnd(24), names.padEnd(44), `${c.keyId} / ${c.masterKeyId}`].join('  '));
    }
  } finally {
    await close();
  }
}
