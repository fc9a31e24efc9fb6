import type { Redis } from 'ioredis';
import { AlertLifecycle } from '@hub/core/alerts';
import type { DetectionRunner } from '@hub/core/anomaly';
import { EventStore } from '@hub/core/event-store';
import { connectRedis } from '@hub/core/rate-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAnomalyDetection } from '../../apps/worker/src/start-anomaly-detection.js';
import { testLogger } from '../support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { testRedisUrl, useTestRedis } from '../support/test-redis.js';
import { waitFor } from '../support/wait-for.js';

const shared = useTestRedis('anomaly-alerts');
const INTERVAL_MS = 10_000;
const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const ON = { HUB_ANOMALY_DETECTION: 'on', HUB_ANOMALY_INTERVAL_MS: INTERVAL_MS } as const;
// Two hours ago, on an interval boundary: the synthetic history lies wholly in the past.
const BASE = Math.floor((Date.now() - 2 * 3_600_000) / INTERVAL_MS) * INTERVAL_MS;

let db: TestDatabase;
let lifecycle: AlertLifecycle;
const redisClients: Redis[] = [];

/**
 * `perSecond` events of `type` in every `every`-th second of [fromMs, toMs), in one INSERT
 * (the events table is append-only; INSERT is what it allows).
 */
async function traffic(connector: string, type: string, fromMs: number, toMs: number, perSecond: number, every = 1): Promise<void> {
  await db.admin.query(
    `INSERT INTO events (id, stream, connector, type, data, created_at)
     SELECT gen_random_uuid(), gen_random_uuid(), $1, $2,
            CASE WHEN $2 = 'action.succeeded' THEN jsonb_build_object('durationMs', 80 + (s * 37) % 40)
                 WHEN $2 = 'webhook.failed' THEN '{"class":"transient","code":"HUB_ACTION_TRANSIENT"}'::jsonb
                 ELSE '{}'::jsonb END,
            to_timestamp(($3::bigint + s * 1000 + n * (1000 / $5::int)) / 1000.0)
     FROM generate_series(0, ($4::bigint - $3::bigint) / 1000 - 1) AS s, generate_series(0, $5::int - 1) AS n
     WHERE s % $6::int = 0`,
    [connector, type, fromMs, toMs, perSecond, every],
  );
}

/** A steady connector: 2 webhooks/s, each processed (plus a failed attempt every 7 s: 1 in 15, ~6.7 %), calls of 80–120 ms. */
async function steady(connector: string, fromMs: number, toMs: number): Promise<void> {
  await traffic(connector, 'webhook.received', fromMs, toMs, 2);
  await traffic(connector, 'webhook.processed', fromMs, toMs, 2);
  await traffic(connector, 'action.succeeded', fromMs, toMs, 2);
  await traffic(connector, 'webhook.failed', fromMs, toMs, 1, 7);
}

/** The same arrivals, every attempt failing (the provider answers 500). */
async function failing(connector: string, fromMs: number, toMs: number): Promise<void> {
  await traffic(connector, 'webhook.received', fromMs, toMs, 2);
  await traffic(connector, 'webhook.failed', fromMs, toMs, 2);
}

async function alertEvents(connector: string, type: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.admin.query<{ data: Record<string, unknown> }>(`SELECT data FROM events WHERE connector = $1 AND type = $2 ORDER BY id`, [connector, type]);
  return rows.map((r) => r.data);
}

async function newRedis(): Promise<Redis> {
  const redis = await connectRedis(testRedisUrl(), testLogger);
  redisClients.push(redis);
  return redis;
}

/** The worker's wiring with an injected clock; ticks are driven by the test, not timers. */
async function workerDetection(connectors: string[], clock: { now: number }, leaseName: string): Promise<DetectionRunner> {
  const runner = startAnomalyDetection(ON, { redis: await newRedis(), pool: db.pool, lifecycle, connectors, prefix: `${shared.prefix}${leaseName}:`, log: testLogger }, { now: () => clock.now, autoStart: false });
  if (!runner) throw new Error('anomaly detection is on, yet no runner was started');
  return runner;
}

beforeAll(async () => {
  db = await createTestDatabase('anomaly_alerts');
  lifecycle = new AlertLifecycle({ pool: db.pool, store: new EventStore(db.pool), log: testLogger });
});
afterAll(async () => {
  for (const redis of redisClients) redis.disconnect();
  await db.drop();
});

describe('anomaly detection in the worker (event store, Redis lease, alert lifecycle)', () => {
  it('raises anomaly:error_rate when a steady connector starts failing, and resolves it when it recovers', { timeout: 60_000 }, async () => {
    await steady('billing', BASE - 60 * MINUTE, BASE); // the hour the new leader warms its baseline on
    const clock = { now: BASE + 2 * SECOND }; // past the default 2 s settle of the last interval
    const runner = await workerDetection(['billing'], clock, 'story');
    try {
      await runner.tick();
      expect(runner.isLeader).toBe(true);
      expect(await lifecycle.list({ status: 'all' })).toEqual([]); // warming up emits nothing

      await failing('billing', BASE, BASE + MINUTE);
      clock.now = BASE + MINUTE + 2 * SECOND;
      await runner.tick();
      const [raised] = await waitFor('alert.raised', async () => ((await alertEvents('billing', 'alert.raised')).length > 0 ? alertEvents('billing', 'alert.raised') : undefined));
      expect(raised).toMatchObject({ kind: 'anomaly:error_rate', severity: 'critical', muted: false });
      const evidence = raised?.evidence as { value: number; baseline: number; volume: number; samples: unknown[]; metric: string; baselineSource: string };
      expect(evidence).toMatchObject({ metric: 'error_rate', baselineSource: 'rolling' });
      expect(evidence.value).toBeGreaterThan(0.5);
      expect(evidence.baseline).toBeGreaterThan(0.05);
      expect(evidence.baseline).toBeLessThan(0.08);
      expect(evidence.samples).toHaveLength(3); // the consecutive breaches that decided it
      const [open] = await lifecycle.list({ connector: 'billing' });
      expect(open).toMatchObject({ kind: 'anomaly:error_rate', severity: 'critical', status: 'open', occurrences: 1 });

      await steady('billing', BASE + MINUTE, BASE + 4 * MINUTE);
      clock.now = BASE + 4 * MINUTE + 2 * SECOND;
      await runner.tick();
      const [resolved] = await waitFor('alert.resolved', async () => ((await alertEvents('billing', 'alert.resolved')).length > 0 ? alertEvents('billing', 'alert.resolved') : undefined));
      expect(resolved).toMatchObject({ alertId: open?.id, kind: 'anomaly:error_rate', resolution: { reason: 'metric back to its baseline', metric: 'error_rate' } });
      expect(await lifecycle.list({ connector: 'billing', status: 'all' })).toEqual([expect.objectContaining({ id: open?.id, status: 'resolved' })]);
      // Throughput and latency stayed normal: one alert for the whole story.
      expect(await alertEvents('billing', 'alert.raised')).toHaveLength(1);
    } finally {
      await runner.stop();
    }
  });

  it('lets exactly one worker detect, and a stopping worker releases the lease to another at once', async () => {
    const clock = { now: BASE + 2 * SECOND };
    const a = await workerDetection(['quiet'], clock, 'lease');
    const b = await workerDetection(['quiet'], clock, 'lease');
    await a.tick();
    await b.tick();
    expect([a.isLeader, b.isLeader]).toEqual([true, false]);
    expect(b.intervalsJudged).toBe(0);
    expect(await shared.redis.exists(`${shared.prefix}lease:anomaly:leader`)).toBe(1);

    await a.stop();
    expect(await shared.redis.exists(`${shared.prefix}lease:anomaly:leader`)).toBe(0);
    await b.tick(); // no waiting out the TTL
    expect(b.isLeader).toBe(true);
    await b.stop();
  });

  it('starts nothing when HUB_ANOMALY_DETECTION=off', async () => {
    const off = startAnomalyDetection({ ...ON, HUB_ANOMALY_DETECTION: 'off' }, { redis: await newRedis(), pool: db.pool, lifecycle, connectors: ['quiet'], prefix: shared.prefix, log: testLogger });
    expect(off).toBeUndefined();
  });
});
