import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { hubError } from '@hub/core/errors';
import { openHubResources } from '@hub/core/runtime';

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
