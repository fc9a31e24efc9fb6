import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRateLimitedApi, type RateLimitedApi } from '@hub/simulators';
import { spawnHub, type HubProcess } from './support/hub-process.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_rate_limit';
const LIMIT = 20;
const WORKERS = 4;
const EVENTS = 120;
let hub: TestHub;
let api: RateLimitedApi;
const workers: HubProcess[] = [];

async function send(id: string): Promise<string> {
  return postStripeEvent(hub.ingress, id, SECRET);
}

async function processedCount(): Promise<number> {
  return (await hub.db.admin.query(`SELECT count(DISTINCT stream)::int AS n FROM events WHERE type = 'webhook.processed'`)).rows[0].n as number;
}

beforeAll(async () => {
  api = await startRateLimitedApi({ limit: LIMIT, windowMs: 1_000 });
  hub = await startTestHub({ label: 'ratelimit', secrets: { stripe: SECRET }, workerConnectors: [] });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-rl-'));
  const file = path.join(dir, 'hub.config.yaml');
  await writeFile(
    file,
    stringify({
      routes: [
        ledgerRoute(api.url, { name: 'limited', path: '/v1/things' }),
      ],
      // The provider documents 20 requests per second; the generic http connector declares none.
      connectors: { http: { rateLimit: { points: LIMIT, durationMs: 1_000 } } },
    }),
  );
  for (let i = 0; i < WORKERS; i += 1) {
    const worker = spawnHub(['worker', '--connector', 'stripe'], { ...hub.env, HUB_CONFIG_FILE: file, HUB_WORKER_CONCURRENCY: '20', LOG_LEVEL: 'info' });
    workers.push(worker);
  }
  await Promise.all(workers.map((w) => w.waitForLog('worker consuming')));
});
afterAll(async () => {
  await Promise.all(workers.map((w) => w.kill()));
  await hub.stop();
  await api.close();
});

describe('rate limits shared by every worker process', () => {
  it(`${WORKERS} worker processes never exceed ${LIMIT} calls in any sliding second of the provider's clock`, { timeout: 90_000 }, async () => {
    await Promise.all(Array.from({ length: EVENTS }, (_, i) => send(`evt_rl_${i}`)));
    await waitFor(`${EVENTS} events processed`, async () => (await processedCount()) === EVENTS, 60_000, 250);
    const max = api.maxInWindow();
    console.info(`rate limit: ${api.arrivals.length} calls from ${WORKERS} workers, max ${max} in any sliding 1 s window (limit ${LIMIT}), ${api.rejected} refused`);
    expect(api.arrivals).toHaveLength(EVENTS);
    expect(max).toBeLessThanOrEqual(LIMIT);
    expect(api.rejected).toBe(0);
    const throttled = (await hub.db.admin.query(`SELECT count(*)::int AS n FROM events WHERE type = 'action.throttled'`)).rows[0].n as number;
    expect(throttled).toBeGreaterThan(0); // the limiter, not luck, kept the rate down
  });

  it('once a 429 with Retry-After: 7 came back, no worker process calls the provider for 7 s', { timeout: 60_000 }, async () => {
    const before = api.arrivals.length;
    api.throttleNext(7);
    const first = await send('evt_rl_429');
    await waitFor('the 429 to be recorded', async () => (await hub.db.admin.query(`SELECT 1 FROM events WHERE stream = $1 AND type = 'webhook.failed'`, [first])).rowCount === 1);
    const throttledAt = api.arrivals[before] as number;
    await Promise.all(Array.from({ length: 10 }, (_, i) => send(`evt_rl_after_${i}`)));
    await waitFor('the 11 events processed', async () => (await processedCount()) === EVENTS + 11, 45_000, 250);
    const later = api.arrivals.slice(before + 1);
    expect(later.length).toBeGreaterThanOrEqual(11);
    expect(Math.min(...later) - throttledAt).toBeGreaterThanOrEqual(7_000);
  });
});
