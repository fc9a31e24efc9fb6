import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Connector } from '@hub/connector-sdk';
import type { Env } from '@hub/core/config';

export const DEV_SECRETS_FILE = path.join('.hub', 'dev-secrets.json');

async function readSecretsFile(): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(DEV_SECRETS_FILE, 'utf8')) as Record<string, string>;
  } catch {
    return {};
  }
}

/**
 * Development only: connectors without a configured webhook secret get a generated one,
 * kept in .hub/dev-secrets.json (mode 0600, git-ignored) so `hub send-test` signs with the
 * same secret. Returns the env with those secrets added; production never calls this.
 */
export async function withDevSecrets(env: Env, connectors: readonly Connector[]): Promise<{ env: Env; generated: string[] }> {
  const stored = await readSecretsFile();
  const generated: string[] = [];
  const next: Record<string, string | undefined> = { ...env };
  for (const c of connectors) {
    if (!c.webhook || env[c.secretEnvName]) continue;
    let secret = stored[c.secretEnvName];
    if (!secret) {
      secret = `whsec_${randomBytes(24).toString('base64')}`;
      stored[c.secretEnvName] = secret;
      generated.push(c.secretEnvName);
    }
    next[c.secretEnvName] = secret;
  }
  if (generated.length > 0) {
    await mkdir(path.dirname(DEV_SECRETS_FILE), { recursive: true });
    await writeFile(DEV_SECRETS_FILE, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
  return { env: next, generated };
}

/** The secret `hub send-test` signs with: the environment first, then the development file. */
export async function secretFor(env: Env, connector: Connector): Promise<string | undefined> {
  const fromEnv = env[connector.secretEnvName]?.split(',')[0]?.trim();
  if (fromEnv) return fromEnv;
  return (await readSecretsFile())[connector.secretEnvName];
}

const DEV_MASTER_KEY = 'HUB_MASTER_KEYS';

/**
 * Development only: without HUB_MASTER_KEYS the credential store gets a generated master key,
 * kept with the other development secrets so `hub up` and `hub credentials set` share it.
 */
export async function withDevMasterKey(env: Env): Promise<{ env: Env; generated: boolean }> {
  if (env.HUB_MASTER_KEYS) return { env, generated: false };
  const stored = await readSecretsFile();
  let spec = stored[DEV_MASTER_KEY];
  if (!spec) {
    spec = `dev:${randomBytes(32).toString('base64')}`;
    stored[DEV_MASTER_KEY] = spec;
    await mkdir(path.dirname(DEV_SECRETS_FILE), { recursive: true });
    await writeFile(DEV_SECRETS_FILE, JSON.stringify(stored, null, 2), { mode: 0o600 });
    return { env: { ...env, HUB_MASTER_KEYS: spec }, generated: true };
  }
  return { env: { ...env, HUB_MASTER_KEYS: spec }, generated: false };
}
