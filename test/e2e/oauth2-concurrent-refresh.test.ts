import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { startOAuth2Server, type OAuth2Server } from '@hub/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testRedisUrl, useTestRedis } from '../support/test-redis.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), '../support/oauth2-refresh-child.ts');
const PROCESSES = 3;
const shared = useTestRedis('oauth2-procs');
const masterKeys = `k1:${randomBytes(32).toString('base64')}`;
const CLIENT = { clientId: 'hub', clientSecret: 'cs_procs' };
let db: TestDatabase;
let sim: OAuth2Server;
let store: CredentialStore;

beforeAll(async () => {
  db = await createTestDatabase('oauth2_procs');
  store = new CredentialStore(db.pool, new EnvMasterKeys(masterKeys));
  // Each refresh takes 300 ms at the provider, so the processes' attempts overlap.
  sim = await startOAuth2Server({ clients: [CLIENT], tokenDelayMs: 300 });
});
afterAll(async () => {
  await sim.close();
  await db.drop();
});

interface ChildResult {
  token?: string;
  error?: string;
}

/** Starts the processes, waits until each is connected, then lets them all ask at once. */
async function raceProcesses(connector: string, extraEnv: Record<string, string> = {}): Promise<ChildResult[]> {
  const goKey = `${shared.prefix}go:${connector}`;
  const env = {
    PATH: process.env.PATH ?? '',
    DATABASE_URL: db.url,
    DATABASE_SCHEMA: db.schema,
    REDIS_URL: testRedisUrl(),
    HUB_MASTER_KEYS: masterKeys,
    PREFIX: shared.prefix,
    CONNECTOR: connector,
    TOKEN_URL: sim.tokenUrl,
    GO_KEY: goKey,
    ...extraEnv,
  };
  let ready = 0;
  const results = await Promise.all(
    Array.from({ length: PROCESSES }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let out = '';
      let err = '';
      let counted = false;
      child.stderr.on('data', (c: Buffer) => (err += c.toString()));
      child.stdout.on('data', (c: Buffer) => {
        out += c.toString();
        if (!counted && out.includes('"ready"')) {
          counted = true;
          if (++ready === PROCESSES) void shared.redis.set(goKey, '1');
        }
      });
      return new Promise<ChildResult>((resolve, reject) =>
        child.once('exit', (code) => {
          const line = out.split('\n').find((l) => l.includes('"token"') || l.includes('"error"'));
          if (code !== 0 || !line) reject(new Error(`child exited ${code}: ${err} ${out}`));
          else resolve(JSON.parse(line) as ChildResult);
        }),
      );
    }),
  );
  return results;
}

async function expiredCredential(connector: string): Promise<void> {
  await store.put(connector, '', { ...CLIENT, refreshToken: sim.mintRefreshToken(CLIENT.clientId), accessToken: 'at_expired', expiresAt: String(Date.now() - 1000) });
}

describe('OAuth2 refresh shared by several processes', () => {
  it(`${PROCESSES} processes needing a refresh at once make exactly one refresh request and all use its token`, async () => {
    await expiredCredential('crm-shared');
    const before = sim.tokenRequests.refresh_token ?? 0;
    const results = await raceProcesses('crm-shared');
    expect(sim.tokenRequests.refresh_token).toBe(before + 1);
    const tokens = new Set(results.map((r) => r.token));
    expect(results.every((r) => r.token !== undefined)).toBe(true);
    expect(tokens.size).toBe(1);
    const token = results[0]?.token ?? '';
    expect(sim.isValidAccessToken(token)).toBe(true);
    expect((await store.get('crm-shared'))?.accessToken).toBe(token);
  }, 60_000);

  it('control: without the shared lock the same race makes several refresh requests (and rotation then breaks the losers)', async () => {
    await expiredCredential('crm-unlocked');
    const before = sim.tokenRequests.refresh_token ?? 0;
    const results = await raceProcesses('crm-unlocked', { NO_LOCK: '1' });
    expect((sim.tokenRequests.refresh_token ?? 0) - before).toBeGreaterThan(1);
    expect(results.some((r) => r.error === 'HUB_OAUTH_INVALID_GRANT')).toBe(true);
  }, 60_000);
});
