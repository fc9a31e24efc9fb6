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
