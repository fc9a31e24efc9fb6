/**
 * One "replica" for the concurrent-refresh test, run as its own Node process against the
 * built packages (dist): it waits for the go signal in Redis, asks for an access token, and
 * prints {"token"} or {"error"} as one JSON line.
 */
import { AuthDeclaration } from '@hub/connector-sdk';
import { OAuth2TokenManager } from '@hub/core/auth';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { createPool } from '@hub/core/db';
import { createLogger } from '@hub/core/logger';
import { createOutboundHttp } from '@hub/core/processing';
import { connectRedis } from '@hub/core/rate-limit';

const env = process.env as Record<string, string>;
const log = createLogger({ service: 'oauth2-child', level: 'silent' });
const pool = createPool({ url: env.DATABASE_URL as string, schema: env.DATABASE_SCHEMA as string, appRole: 'hub_app', max: 2 });
const redis = await connectRedis(env.REDIS_URL as string, log);
const store = new CredentialStore(pool, new EnvMasterKeys(env.HUB_MASTER_KEYS as string));
const tokens = new OAuth2TokenManager({
  store,
  // NO_LOCK: the control run, showing the race the lock prevents is real.
  redis: env.NO_LOCK === '1' ? undefined : redis,
  prefix: env.PREFIX as string,
  send: createOutboundHttp({ timeoutMs: 10_000, allowedHosts: new Set(['127.0.0.1']) }),
  log,
});
const declaration = AuthDeclaration.parse({ type: 'oauth2', grant: 'authorization_code', tokenUrl: env.TOKEN_URL }) as Extract<AuthDeclaration, { type: 'oauth2' }>;

console.log(JSON.stringify({ ready: true }));
while (!(await redis.exists(env.GO_KEY as string))) await new Promise((resolve) => setTimeout(resolve, 5));
try {
  console.log(JSON.stringify({ token: await tokens.accessToken({ connector: env.CONNECTOR as string, account: '' }, declaration) }));
} catch (err) {
  console.log(JSON.stringify({ error: (err as { code?: string }).code ?? String(err) }));
}
redis.disconnect();
await pool.end();
