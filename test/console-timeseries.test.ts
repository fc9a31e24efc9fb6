import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthSampler, percentileFromBuckets, pruneHealthSamples, LATENCY_BOUNDS_MS, type ConnectorTimeSeries, type OverviewTimeSeries } from '@hub/core/health';
import { foldEverything } from './support/fold-rollups.js';
import { testLogger } from './support/silent-logger.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

// The chart routes against the real PostgreSQL: events inserted at known minutes (the rollup
// trigger keeps event_rollups and event_rollups_hourly), read back through the console API.
// No worker and no relay: nothing else writes.
const TOKEN = 'console-timeseries-token-0123456789';
const MINUTE = 60_000;
const HOUR = 3_600_000;
let hub: TestHub;
// Ten minutes ago and seven minutes ago, on whole minutes; an hour bucket three days ago.
const now = Date.now();
const m10 = Math.floor(now / MINUTE) * MINUTE - 10 * MINUTE;
const m7 = m10 + 3 * MINUTE;
const h72 = Math.floor(now / HOUR) * HOUR - 72 * HOUR;

type Row = { connector?: string; account: string | null; type: string; data?: Record<string, unknown>; at: number; stream?: string };

/** One INSERT statement (the trigger runs once over all of them), as the ingress and worker write. */
async function insertEvents(rows: Row[]): Promise<void> {
  await hub.db.admin.query(
    `INSERT INTO events (id, stream, connector, account, type, data, created_at)
     SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::jsonb[], $7::timestamptz[])`,
    [
      rows.map(() => randomUUID()),
      rows.map((r) => r.stream ?? randomUUID()),
      rows.map((r) => r.connector ?? 'shopify'),
      rows.map((r) => r.account),
      rows.map((r) => r.type),
      rows.map((r) => JSON.stringify(r.data ?? {})),
      rows.map((r) => new Date(r.at)),
    ],
  );
}
const times = (n: number, row: Row): Row[] => Array.from({ length: n }, () => ({ ...row }));

async function get<T>(url: string): Promise<{ status: number; body: T }> {
  const res = await hub.console.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
  return { status: res.statusCode, body: res.json() as T };
}
const at = (series: { t: number[] }, ms: number) => series.t.indexOf(ms / 1000);

beforeAll(async () => {
  hub = await startTestHub({ label: 'consolets', workerConnectors: [], consoleToken: TOKEN, relay: false });
  const a = 'shop-a.myshopify.com';
  const b = 'shop-b.myshopify.com';
  await insertEvents([
    // shop-a, ten minutes ago: 6 received, 4 processed, a transient and a permanent failure, a dead letter, 4 calls.
    ...times(6, { account: a, type: 'webhook.received', at: m10 + 5_000 }),
    ...times(4, { account: a, type: 'webhook.processed', at: m10 + 6_000 }),
    { account: a, type: 'webhook.failed', data: { class: 'transient' }, at: m10 + 7_000 },
    { account: a, type: 'webhook.failed', data: { class: 'permanent' }, at: m10 + 7_000 },
    { account: a, type: 'webhook.dead_lettered', data: { class: 'permanent' }, at: m10 + 8_000 },
    ...times(3, { account: a, type: 'action.succeeded', data: { durationMs: 10 }, at: m10 + 6_000 }),
    { account: a, type: 'action.failed', data: { durationMs: 500 }, at: m10 + 7_000 },
    // shop-b, the same minute: 3 received, 1 processed, 1 quarantined.
    ...times(3, { account: b, type: 'webhook.received', at: m10 + 20_000 }),
    { account: b, type: 'webhook.processed', at: m10 + 21_000 },
    { account: b, type: 'webhook.quarantined', data: { class: 'data_format' }, at: m10 + 22_000 },
    // Seven minutes ago: 2 more for shop-a; three days ago: 5 (only the 7 d range holds them).
    ...times(2, { account: a, type: 'webhook.received', at: m7 + 1_000 }),
    ...times(5, { account: a, type: 'webhook.received', at: h72 + 10 * MINUTE }),
    // Another connector in the same minute must not leak into shopify's series.
    ...times(4, { connector: 'stripe', account: null, type: 'webhook.received', at: m10 + 5_000 }),
    // A canary started on a workflow triggered by shopify: a marker.
    { account: null, type: 'workflow.canary_set', data: { name: 'orders-to-ledger', version: 3, percent: 10 }, at: m10 + 40_000 },
  ]);
  await hub.db.admin.query(
    `INSERT INTO alerts (id, connector, kind, severity, evidence, opened_at, last_seen_at) VALUES ($1, 'shopify', 'permanent_failure', 'error', '{}', $2, $2)`,
    [randomUUID(), new Date(m10 + 30_000)],
  );
  await hub.db.admin.query(`INSERT INTO data_keys (id, wrapped_key, master_key_id) VALUES ('dk-test', $1, 'mk')`, [randomBytes(40)]);
  await hub.db.admin.query(
    `INSERT INTO credentials (connector, account, key_id, iv, ciphertext, tag, created_at, updated_at) VALUES ('shopify', $1, 'dk-test', $2, $2, $2, $3, $3)`,
    [a, randomBytes(12), new Date(m7 + 30_000)],
  );
});
afterAll(async () => {
  await hub?.stop();
});

describe('chart series from the rollups', () => {
  it('answers per minute exactly what was inserted, zero in the minutes without traffic, over 61 minutes', async () => {
    const { status, body } = await get<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=1h');
    expect(status).toBe(200);
    expect(body.t).toHaveLength(61);
    expect(body.stepMs).toBe(MINUTE);
    expect(body.t.at(-1)).toBe((Math.floor(Date.now() / MINUTE) * MINUTE) / 1000);
    const i = at(body, m10);
    expect(i).toBeGreaterThan(0);
    const c = body.counts;
    expect([c.received[i], c.processed[i], c.failedTransient[i], c.failedPermanent[i], c.failedDataFormat[i], c.quarantined[i], c.deadLettered[i]]).toEqual([9, 5, 1, 1, 1, 1, 1]);
    expect(c.received[at(body, m7)]).toBe(2);
    expect(c.received[i + 1]).toBe(0);
    expect(c.received.reduce((x, y) => x + y, 0)).toBe(11);
    for (const series of Object.values(c)) expect(series).toHaveLength(61);
  });

  it('derives p50 / p95 / p99 per minute from the histogram buckets, null where no call was made', async () => {
    const { body } = await get<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=1h');
    const i = at(body, m10);
    // Three calls of 10 ms and one of 500 ms: the buckets that hold 10 and 500.
    const counts = Array<number>(LATENCY_BOUNDS_MS.length + 1).fill(0);
    counts[LATENCY_BOUNDS_MS.findIndex((b) => b > 10)] = 3;
    counts[LATENCY_BOUNDS_MS.findIndex((b) => b > 500)] = 1;
    const expected = (q: number) => Math.round((percentileFromBuckets(counts, q) as number) * 10) / 10;
    expect([body.latencyMs.p50[i], body.latencyMs.p95[i], body.latencyMs.p99[i]]).toEqual([expected(0.5), expected(0.95), expected(0.99)]);
    expect(body.latencyMs.p50[i]).toBeGreaterThanOrEqual(8);
    expect(body.latencyMs.p50[i]).toBeLessThanOrEqual(11.32);
    expect(body.latencyMs.p99[i]).toBeGreaterThanOrEqual(362);
    expect(body.latencyMs.p99[i]).toBeLessThanOrEqual(512);
    expect(body.latencyMs.p95[i + 1]).toBeNull();
  });

  it("narrows the counts and latency to one account with ?account=", async () => {
    const b = await get<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=1h&account=shop-b.myshopify.com');
    const i = at(b.body, m10);
    expect(b.body.account).toBe('shop-b.myshopify.com');
    expect([b.body.counts.received[i], b.body.counts.processed[i], b.body.counts.quarantined[i], b.body.counts.deadLettered[i]]).toEqual([3, 1, 1, 0]);
    expect(b.body.latencyMs.p50[i]).toBeNull();
    const a = await get<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=1h&account=shop-a.myshopify.com');
    expect(a.body.counts.received.reduce((x, y) => x + y, 0)).toBe(8);
    expect(a.body.latencyMs.p99[i]).not.toBeNull();
    // The credential change is shop-a's: only its page (and the connector's) shows it.
    expect(a.body.markers.some((m) => m.kind === 'credential')).toBe(true);
    expect(b.body.markers.some((m) => m.kind === 'credential')).toBe(false);
  });

  it('reads hours for 7 d (169 buckets) and minutes for 24 h (1,441)', async () => {
    const week = (await get<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=7d')).body;
    expect(week.stepMs).toBe(HOUR);
    expect(week.t).toHaveLength(169);
    expect(week.counts.received[at(week, h72)]).toBe(5);
    const hourOf = (ms: number) => at(week, Math.floor(ms / HOUR) * HOUR);
    const recent = new Map<number, number>();
    recent.set(hourOf(m10), (recent.get(hourOf(m10)) ?? 0) + 9);
    recent.set(hourOf(m7), (recent.get(hourOf(m7)) ?? 0) + 2);
    for (const [i, n] of recent) expect(week.counts.received[i]).toBe(n);
    expect(week.counts.received.reduce((x, y) => x + y, 0)).toBe(16);
    const day = (await get<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=24h')).body;
    expect(day.t).toHaveLength(1_441);
    expect(day.counts.received.reduce((x, y) => x + y, 0)).toBe(11);
  });

  it('puts the alert, the canary start and the credential change on the time axis', async () => {
    const { body } = await get<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=1h');
    expect(body.markers.map((m) => [m.kind, m.label, Date.parse(m.at as unknown as string)])).toEqual([
      ['alert', 'alert permanent_failure (error)', m10 + 30_000],
      ['canary', 'orders-to-ledger canary v3 at 10 %', m10 + 40_000],
      ['credential', 'credential of shop-a.myshopify.com changed', m7 + 30_000],
    ]);
    expect((await get<ConnectorTimeSeries>('/api/connectors/stripe/timeseries?range=1h')).body.markers).toEqual([]);
  });

  it('gives the overview received and success rate per connector on one shared axis', async () => {
    const { body } = await get<OverviewTimeSeries>('/api/overview/timeseries?range=1h');
    const i = at(body, m10);
    expect(body.connectors.shopify?.received[i]).toBe(9);
    expect(body.connectors.shopify?.successRate[i]).toBeCloseTo(5 / 7, 6);
    expect(body.connectors.shopify?.successRate[i + 1]).toBeNull();
    expect(body.connectors.stripe?.received[i]).toBe(4);
    for (const series of Object.values(body.connectors)) expect(series.received).toHaveLength(body.t.length);
  });

  it('refuses another range with HUB_CHART_RANGE_INVALID and an unknown connector with 404', async () => {
    const bad = await get<{ error: { code: string } }>('/api/connectors/shopify/timeseries?range=30d');
    expect([bad.status, bad.body.error.code]).toEqual([400, 'HUB_CHART_RANGE_INVALID']);
    const badOverview = await get<{ error: { code: string } }>('/api/overview/timeseries?range=1w');
    expect([badOverview.status, badOverview.body.error.code]).toEqual([400, 'HUB_CHART_RANGE_INVALID']);
    const unknown = await get<{ error: { code: string } }>('/api/connectors/nope/timeseries');
    expect([unknown.status, unknown.body.error.code]).toEqual([404, 'HUB_CONNECTOR_UNKNOWN']);
  });
});

describe('health samples', () => {
  it('writes one sample per connector and slot however many workers sample, and charts it', async () => {
    await insertEvents([{ connector: 'shopify', account: null, type: 'circuit.opened', data: { circuit: 'shopify:shop.example', until: new Date(Date.now() + HOUR).toISOString() }, at: Date.now() }]);
    const sampler = () => new HealthSampler({ pool: hub.resources.pool, connectors: ['shopify', 'stripe'], intervalMs: 15_000, log: testLogger });
    const when = new Date();
    const written = await Promise.all([sampler().sampleOnce(when), sampler().sampleOnce(when), sampler().sampleOnce(when)]);
    expect(written.reduce((x, y) => x + y, 0)).toBe(2);
    const { rows } = await hub.db.admin.query<{ pending: number; circuit: string; oldest_age_ms: string | null }>(`SELECT pending, circuit, oldest_age_ms FROM health_samples WHERE connector = 'shopify'`);
    await foldEverything(hub.resources.pool);
    const pending = (await hub.db.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM pending_webhooks WHERE connector = 'shopify'`)).rows[0]?.n;
    expect(rows).toHaveLength(1);
    expect(rows[0]?.pending).toBe(pending);
    expect(rows[0]?.circuit).toBe('open');
    expect(Number(rows[0]?.oldest_age_ms)).toBeGreaterThanOrEqual(71 * HOUR);

    const { body } = await get<ConnectorTimeSeries>('/api/connectors/shopify/timeseries?range=1h');
    const i = at(body, Math.floor(when.getTime() / MINUTE) * MINUTE);
    expect(body.samples.circuit[i]).toBe('open');
    expect(body.samples.pending[i]).toBe(pending);
    expect(body.samples.circuit[i - 1]).toBeNull();
    // No queue and no limiter given: those figures are unknown, not zero.
    expect(body.samples.queueVisible[i]).toBeNull();
    expect(body.samples.headroom[i]).toBeNull();
  });

  it('prunes samples older than 8 days, and a dry run only counts them', async () => {
    await hub.db.admin.query(`INSERT INTO health_samples (connector, sampled_at, pending, circuit) VALUES ('github', now() - interval '9 days', 0, 'closed'), ('github', now() - interval '7 days', 0, 'closed')`);
    expect(await pruneHealthSamples(hub.resources.pool, { dryRun: true })).toBe(1);
    expect(await pruneHealthSamples(hub.resources.pool)).toBe(1);
    expect((await hub.db.admin.query(`SELECT 1 FROM health_samples WHERE connector = 'github'`)).rowCount).toBe(1);
  });
});
