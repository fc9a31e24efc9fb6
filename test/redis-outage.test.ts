import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRateLimitedApi, type RateLimitedApi } from '@hub/simulators';
import { startPrivateRedis, type PrivateRedis } from './support/private-redis.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_redis_outage';
const LIMIT = 20;
let redis: PrivateRedis;
let api: RateLimitedApi;
let hub: TestHub;
let sent = 0;

async function sendBatch(n: number): Promise<void> {
  await Promise.all(
    Array.from({ length: n }, () => {
      sent += 1;
      return postStripeEvent(hub.ingress, `evt_outage_${sent}`, SECRET);
    }),
  );
}

const processed = async () => (await hub.db.admin.query(`SELECT count(DISTINCT stream)::int AS n FROM events WHERE type = 'webhook.processed'`)).rows[0].n as number;

beforeAll(async () => {
  redis = await startPrivateRedis();
  api = await startRateLimitedApi({ limit: LIMIT, windowMs: 1_000 });
  hub = await startTestHub({
    label: 'redisout',
    secrets: { stripe: SECRET },
    routes: [
      ledgerRoute(api.url, { name: 'limited', path: '/v1/things' }),
    ],
    connectorOverrides: { http: { rateLimit: { points: LIMIT, durationMs: 1_000 } } },
    env: { REDIS_URL: redis.url, HUB_WORKER_CONCURRENCY: '20' },
  });
});
afterAll(async () => {
  await hub.stop();
  await api.close();
  await redis.stop();
});

describe('Redis outage', () => {
  it('keeps under the limit while Redis is down, loses nothing, and shares limits again once it is back', { timeout: 90_000 }, async () => {
    await sendBatch(30);
    await waitFor('the first batch', async () => (await processed()) === 30, 30_000, 200);

    await redis.stop();
    await sendBatch(30);
    await waitFor('the batch sent while Redis is down', async () => (await processed()) === 60, 45_000, 200);

    await redis.start();
    await sendBatch(30);
    await waitFor('the batch sent after Redis came back', async () => (await processed()) === 90, 30_000, 200);

    // The restarted Redis (fresh counters) has run the limiter's script: limits are shared again.
    const probe = new Redis(redis.url);
    const stats = await probe.info('commandstats');
    probe.disconnect();
    expect(Number(/cmdstat_eval:calls=(\d+)/.exec(stats)?.[1] ?? 0)).toBeGreaterThan(0);

    console.info(`redis outage: ${api.arrivals.length} calls, max ${api.maxInWindow()} in any sliding 1 s window (limit ${LIMIT}), ${api.rejected} refused`);
    expect(api.maxInWindow()).toBeLessThanOrEqual(LIMIT);
    expect(api.rejected).toBe(0);
    expect(await hub.db.admin.query(`SELECT count(*)::int AS n FROM events WHERE type = 'webhook.dead_lettered'`).then((r) => r.rows[0].n)).toBe(0);
  });
});
