import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { hubError } from '@hub/core/errors';
import { openHubResources } from '@hub/core/runtime';
import { withDevMasterKey } from '../dev-secrets.js';

/** The store under HUB_MASTER_KEYS; in development the generated key `hub up` uses too. */
export async function openStore(env: Env, print: (line: string) => void): Promise<{ store: CredentialStore; close(): Promise<void> }> {
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
