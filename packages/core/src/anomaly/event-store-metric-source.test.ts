import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainJson, planNodes } from '../../../../test/support/plan-nodes.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStoreMetricSource, SAMPLES_SQL } from './event-store-metric-source.js';

let db: TestDatabase;
const T0 = Date.UTC(2026, 0, 5, 12); // an interval boundary

async function event(connector: string, type: string, data: Record<string, unknown>, atMs: number): Promise<void> {
  const id = uuidv7();
  await db.admin.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $1, $2, $3, $4, to_timestamp($5 / 1000.0))`, [id, connector, type, data, atMs]);
}

beforeAll(async () => {
  db = await createTestDatabase('anomaly_src');
  // First 10 s: 3 received, 2 processed, 1 failed, calls of 100/200/300 ms. Second 10 s: 1 received.
  for (const ms of [1_000, 2_000, 3_000]) await event('stripe', 'webhook.received', {}, T0 + ms);
  for (const ms of [4_000, 5_000]) await event('stripe', 'webhook.processed', {}, T0 + ms);
  await event('stripe', 'webhook.failed', { class: 'transient' }, T0 + 6_000);
  for (const d of [100, 200, 300]) await event('stripe', 'action.succeeded', { durationMs: d }, T0 + 7_000);
  await event('stripe', 'webhook.received', {}, T0 + 15_000);
  await event('github', 'webhook.received', {}, T0 - 5_000); // before the range
});
afterAll(async () => {
  await db.drop();
});

describe('EventStoreMetricSource', () => {
  it('returns one sample per connector and interval, ending at the interval end', async () => {
    const rows = await new EventStoreMetricSource(db.pool).read(T0, T0 + 20_000, 10_000);
    expect(rows).toEqual([
      { connector: 'stripe', sample: { at: T0 + 10_000, received: 3, succeeded: 2, failed: 1, latencyP95Ms: 290 } },
      { connector: 'stripe', sample: { at: T0 + 20_000, received: 1, succeeded: 0, failed: 0, latencyP95Ms: null } },
    ]);
  });

  it("sorts the interval's events for their groups without their data", async () => {
    const plan = await explainJson(db.admin, 'VERBOSE', SAMPLES_SQL, [['webhook.received'], 10_000, T0, T0 + 20_000]);
    const sorts = planNodes(plan).filter((n) => n['Node Type'] === 'Sort');
    expect(sorts.length).toBeGreaterThan(0);
    // With every event's data in each sorted row, a busy interval's sort spilled to disk (21 MB).
    for (const sort of sorts) expect((sort.Output ?? []).filter((column) => /\bdata\b/.test(column))).toEqual([]);
  });
});
