import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainJson, planNodes } from '../../../../test/support/plan-nodes.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { claimLeases } from '../event-lease/index.js';
import { searchRowsWrite } from '../event-explorer/index.js';
import { EventStore, WebhookIngestor, type IncomingWebhook } from '../event-store/index.js';
import { serialiseReceivedData } from '../event-store/webhook-received-data.js';
import { createPool } from './pool.js';
import { preparedTexts } from './prepared-statement.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('prepared_statements');
});
afterAll(async () => {
  await db.drop();
});

function webhook(connector: string, withDigest: boolean): IncomingWebhook {
  const providerEventId = `evt_${randomUUID()}`;
  const body = JSON.stringify({ id: providerEventId, amount: 100 });
  const digest = withDigest ? { bodyDigest: createHash('sha256').update(body).digest('hex') } : {};
  return { connector, account: null, providerEventId, ...digest, dataJson: serialiseReceivedData('payment_intent.succeeded', {}, body) };
}

// The node types a plan may hold when it was made once and kept: none of them reads a table by a
// choice the planner makes from statistics (a scan, a join, a hashed subplan). Conflicts with
// stored rows are found through the unique indexes ON CONFLICT names, which are not plan nodes.
const STATISTICS_FREE_NODES = new Set(['ModifyTable', 'Function Scan', 'CTE Scan', 'Sort', 'Result', 'Subquery Scan', 'ProjectSet']);

describe('prepared statements (planned once per connection, a generic plan kept)', () => {
  it('an ingest batch without body digests runs on a kept generic plan; one with digests is planned each run', async () => {
    const pool = createPool({ url: db.url, schema: db.schema, appRole: 'hub_app', max: 1 });
    try {
      const ingestor = new WebhookIngestor(pool, { maxInFlight: 1 });
      // PostgreSQL plans the first five runs of a prepared statement for their values, then keeps a generic plan.
      for (let i = 0; i < 8; i += 1) await Promise.all([ingestor.ingest(webhook('stripe', false)), ingestor.ingest(webhook('stripe', false))]);
      for (let i = 0; i < 8; i += 1) await ingestor.ingest(webhook('github', true));
      const { rows } = await pool.query<{ statement: string; generic_plans: string }>('SELECT statement, generic_plans FROM pg_prepared_statements');
      const ingest = rows.filter((r) => r.statement.includes('INSERT INTO events'));
      expect(ingest).toHaveLength(1);
      expect(ingest[0]?.statement).not.toContain('webhook_digests_retired');
      expect(Number(ingest[0]?.generic_plans)).toBeGreaterThanOrEqual(3);
      const stored = await db.admin.query<{ connector: string; n: number }>(`SELECT connector, count(*)::int AS n FROM events GROUP BY connector ORDER BY connector`);
      expect(stored.rows).toEqual([
        { connector: 'github', n: 8 },
        { connector: 'stripe', n: 16 },
      ]);
    } finally {
      await pool.end();
    }
  });

  it('every text run prepared has a generic plan that reads no table by a choice made from statistics', async () => {
    // The worker's appends, with and without the search rows that ride on them.
    const store = new EventStore(db.pool);
    const stream = randomUUID();
    await store.append([{ stream, connector: 'stripe', type: 'webhook.processing', data: {} }]);
    await store.append([{ stream, connector: 'stripe', type: 'webhook.processed', data: {} }], undefined, [
      searchRowsWrite([{ eventId: stream, connector: 'stripe', account: null, eventType: 'payment_intent.succeeded', lexemes: ['pi_1'] }]),
    ]);
    await new WebhookIngestor(db.pool).ingest(webhook('stripe', false));
    // The worker's lease claims.
    await claimLeases(db.pool, [{ eventId: stream, holder: 'plan-test' }], 1_000);

    const texts = preparedTexts();
    expect(texts.length).toBeGreaterThanOrEqual(4);
    expect(texts.some((t) => t.includes('INSERT INTO event_leases'))).toBe(true);
    const client = await db.admin.connect();
    try {
      await client.query('SET plan_cache_mode = force_generic_plan');
      for (const [i, text] of texts.entries()) {
        await client.query(`PREPARE generic_${i} AS ${text}`);
        const { rows } = await client.query<{ parameter_types: string[] }>(`SELECT parameter_types::text[] FROM pg_prepared_statements WHERE name = $1`, [`generic_${i}`]);
        const nulls = (rows[0]?.parameter_types ?? []).map(() => 'NULL').join(', ');
        const types = planNodes(await explainJson(client, '', `EXECUTE generic_${i}(${nulls})`)).map((n) => n['Node Type']);
        expect({ text, unexpected: types.filter((t) => !STATISTICS_FREE_NODES.has(t)) }).toEqual({ text, unexpected: [] });
      }
    } finally {
      client.release();
    }
  });
});
