import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { connectorHealth } from './connector-health.js';

let db: TestDatabase;

async function event(connector: string, type: string, data: Record<string, unknown>, minutesAgo: number): Promise<void> {
  const id = uuidv7();
  await db.admin.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $1, $2, $3, $4, now() - make_interval(mins => $5))`, [id, connector, type, data, minutesAgo]);
}

beforeAll(async () => {
  db = await createTestDatabase('health');
  // Last 5 minutes: 4 received, 3 processed, 1 dead-lettered, one transient failure on the way.
  for (let i = 0; i < 4; i += 1) await event('stripe', 'webhook.received', {}, 1);
  for (const ms of [100, 200, 300]) await event('stripe', 'action.succeeded', { durationMs: ms }, 1);
  for (let i = 0; i < 3; i += 1) await event('stripe', 'webhook.processed', {}, 1);
  await event('stripe', 'webhook.failed', { class: 'transient' }, 1);
  await event('stripe', 'webhook.failed', { class: 'permanent' }, 1);
  await event('stripe', 'webhook.dead_lettered', { class: 'permanent' }, 1);
  // 30 minutes ago: one quarantined (inside 1 h, outside 5 m).
  await event('stripe', 'webhook.received', {}, 30);
  await event('stripe', 'webhook.quarantined', { class: 'data_format' }, 30);
  // 3 hours ago: a GitHub success (inside 24 h only).
  await event('github', 'webhook.processed', {}, 180);
});
afterAll(async () => {
  await db.drop();
});

describe('connectorHealth', () => {
  it('counts by window and class, computes the success rate and latency percentiles', async () => {
    const [stripe] = await connectorHealth(db.pool, ['stripe']);
    expect(stripe?.windows['5m']).toEqual({
      received: 4,
      processed: 3,
      failed: { transient: 1, permanent: 1 },
      quarantined: 0,
      deadLettered: 1,
      successRate: 0.75,
      latencyMs: { p50: 200, p95: 290, p99: 298 },
    });
    expect(stripe?.windows['1h']).toMatchObject({ received: 5, quarantined: 1, successRate: 0.6 });
    expect(stripe?.lastSuccessAt).toBeInstanceOf(Date);
  });

  it('reports a connector with no traffic as empty, and its last success even outside the windows asked', async () => {
    const health = await connectorHealth(db.pool, ['github', 'shopify']);
    const github = health.find((h) => h.connector === 'github');
    expect(github?.windows['5m']).toMatchObject({ received: 0, processed: 0, successRate: null });
    expect(github?.windows['24h'].processed).toBe(1);
    expect(github?.lastSuccessAt).toBeInstanceOf(Date);
    expect(health.find((h) => h.connector === 'shopify')?.lastSuccessAt).toBeNull();
  });
});
