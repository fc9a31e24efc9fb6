import type { Connector } from '@hub/connector-sdk';
import { AuthDeclaration } from '@hub/connector-sdk';
import { credentialsSetCommand, requiredFields, settableFields } from '@hub/core/auth';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { hubError } from '@hub/core/errors';
import { openHubResources } from '@hub/core/runtime';
import { withDevMasterKey } from '../dev-secrets.js';
import { installedConnectors } from '../installed-connectors.js';

export interface CredentialsIo {
  print?: (line: string) => void;
  /** Reads all of standard input (for --from-stdin). */
  readStdin?: () => Promise<string>;
  /** The installed connectors (default: discovered as every command does). */
  connectors?: () => Promise<{ get(id: string): Connector | undefined; list(): readonly Connector[] }>;
}

export interface CredentialsSetOptions {
  account?: string;
  field?: string[];
  fromStdin?: boolean;
}

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
 * `hub credentials set <connector> [--account a] --field name=value … | --from-stdin`: stores
 * exactly these fields (encrypted), replacing what the connector/account had.
 */
export async function runCredentialsSet(env: Env, connectorId: string, options: CredentialsSetOptions, io: CredentialsIo = {}): Promise<void> {
  const print = io.print ?? console.log;
  const catalog = await (io.connectors ?? (() => installedConnectors(env)))();
  const connector = catalog.get(connectorId);
  const withAuth = catalog.list().filter((c) => c.auth && c.auth.type !== 'none').map((c) => c.id);
  if (!connector) throw hubError('HUB_CLI_USAGE', `no connector "${connectorId}"; connectors that take credentials: ${withAuth.join(', ') || '(none installed)'}`);
  if (!connector.auth || connector.auth.type === 'none') throw hubError('HUB_CLI_USAGE', `${connectorId} declares no auth, so it uses no credentials; connectors that do: ${withAuth.join(', ') || '(none installed)'}`);
  const declaration = AuthDeclaration.parse(connector.auth);
  const account = options.account ?? '';
  const fields = options.fromStdin ? parseStdinFields(await (io.readStdin ?? readStdin)()) : parseFieldOptions(options.field ?? []);
  const allowed = settableFields(declaration);
  const unknown = Object.keys(fields).filter((f) => !allowed.includes(f));
  const missing = requiredFields(declaration).filter((f) => !fields[f]);
  const method = declaration.type === 'oauth2' ? `oauth2 (${declaration.grant})` : declaration.type;
  if (unknown.length > 0) throw hubError('HUB_CLI_USAGE', `${connectorId} uses ${method} auth, which reads ${allowed.join(', ')}; not: ${unknown.join(', ')}`);
  if (missing.length > 0) throw hubError('HUB_CLI_USAGE', `${connectorId} uses ${method} auth and needs ${missing.join(', ')} too; run: ${credentialsSetCommand(connectorId, account, declaration)} (or --from-stdin with a JSON object)`);

  const { store, close } = await openStore(env, print);
  try {
    await store.put(connectorId, account, fields);
    print(`stored ${Object.keys(fields).sort().join(', ')} for ${connectorId}${account ? ` account ${account}` : ''} (encrypted; the values are not shown again)`);
  } finally {
    await close();
  }
}

/** `hub credentials list`: connector, account, field names (never values) and the keys in use. */
export async function runCredentialsList(env: Env, print: (line: string) => void = console.log): Promise<void> {
  const { store, close } = await openStore(env, print);
  try {
    const stored = await store.list();
    if (stored.length === 0) return print('no credentials stored; add some with: hub credentials set <connector> --field name=value');
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

/** The store under HUB_MASTER_KEYS; in development the generated key `hub up` uses too. */
async function openStore(env: Env, print: (line: string) => void): Promise<{ store: CredentialStore; close(): Promise<void> }> {
  let keys = env.HUB_MASTER_KEYS;
  if (!keys && env.NODE_ENV !== 'production') {
    const dev = await withDevMasterKey(env);
    keys = dev.env.HUB_MASTER_KEYS;
    print(`HUB_MASTER_KEYS is not set: using the development master key in .hub/dev-secrets.json${dev.generated ? ' (generated now)' : ''}`);
  }
  if (!keys) throw hubError('HUB_CLI_USAGE', 'set HUB_MASTER_KEYS="<id>:<base64 of 32 random bytes>" (openssl rand -base64 32), the same value the workers use');
  const resources = openHubResources(parseEnv(BaseEnv, env));
  return { store: new CredentialStore(resources.pool, new EnvMasterKeys(keys)), close: () => resources.close() };
}

function parseFieldOptions(pairs: string[]): Record<string, string> {
  if (pairs.length === 0) throw hubError('HUB_CLI_USAGE', 'give the credentials as --field name=value (repeatable) or as a JSON object on standard input with --from-stdin');
  const fields: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    // The value is never echoed back: it may be a secret typed in the wrong place.
    if (eq <= 0 || eq === pair.length - 1) throw hubError('HUB_CLI_USAGE', `--field takes name=value (a field name, "=", a non-empty value); got one without${eq <= 0 ? ' a name' : ' a value'}`);
    fields[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return fields;
}

function parseStdinFields(text: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw hubError('HUB_CLI_USAGE', '--from-stdin expects a JSON object such as {"apiKey": "…"} on standard input');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed) || !Object.values(parsed).every((v) => typeof v === 'string' && v.length > 0)) {
    throw hubError('HUB_CLI_USAGE', '--from-stdin expects a JSON object whose values are non-empty strings, e.g. {"clientId": "…", "clientSecret": "…"}');
  }
  return parsed as Record<string, string>;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}
