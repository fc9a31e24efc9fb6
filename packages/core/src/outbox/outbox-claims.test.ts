import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainJson, planNodes } from '../../../../test/support/plan-nodes.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { CLAIM_SQL, inClaimPlan, OutboxClaims } from './outbox-claims.js';

let db: TestDatabase;

// A relay's backlog: 20,000 rows of two connectors, the statistics up to date (autovacuum's
// ANALYZE of a busy outbox). At this size `id IN (subquery)` was planned as a hash join over a
// sequential scan of every row, for each claim of 100.
beforeAll(async () => {
  db = await createTestDatabase('outbox_claims');
  await db.admin.query(`INSERT INTO outbox (event_id, connector)
    SELECT gen_random_uuid(), CASE WHEN g % 4 = 0 THEN 'hubspot' ELSE 'stripe' END FROM generate_series(1, 20000) AS g`);
  await db.admin.query('ANALYZE outbox');
});
afterAll(async () => {
  await db.drop();
});

describe('OutboxClaims.claim (the relay takes the oldest rows of one lane)', () => {
  it('walks the lane in id order and finds the rows it claims by primary key: no scan of a 20,000-row outbox', async () => {
    const nodes = planNodes(await inClaimPlan(db.pool, (client) => explainJson(client, '', CLAIM_SQL, ['stripe', 'relay-a', 100, 30_000])));
    // Picked by an ordered index scan that stops at the LIMIT: the lane's index, or (statistics
    // showing this lane as most of the outbox) the primary key with the lane as a filter.
    const picking = nodes.find((n) => n['Node Type'] === 'LockRows')?.Plans?.[0];
    expect(picking?.['Node Type']).toBe('Index Scan');
    expect(['outbox_connector_id', 'outbox_pkey']).toContain(picking?.['Index Name']);
    // The UPDATE finds the picked ids by primary key.
    const updating = nodes[0]?.Plans?.find((n) => n['Parent Relationship'] !== 'InitPlan');
    expect([updating?.['Node Type'], updating?.['Index Name']]).toEqual(['Index Scan', 'outbox_pkey']);
    expect(nodes.map((n) => n['Node Type']).filter((t) => /Seq Scan|Hash|Bitmap|Sort/.test(t))).toEqual([]);
  });

  it("claims a lane's oldest rows nobody holds, and the next claimant gets the ones after them", async () => {
    const oldest = await db.admin.query<{ id: string }>(`SELECT id FROM outbox WHERE connector = 'hubspot' ORDER BY id LIMIT 7`);
    const first = await new OutboxClaims(db.pool, 'relay-a').claim('hubspot', 3, 30_000);
    const second = await new OutboxClaims(db.pool, 'relay-b').claim('hubspot', 4, 30_000);
    // RETURNING has no order: compared as sets of ids.
    const ids = (rows: readonly { id: string }[]) => rows.map((r) => r.id).sort();
    expect(ids(first)).toEqual(ids(oldest.rows.slice(0, 3)));
    expect(ids(second)).toEqual(ids(oldest.rows.slice(3, 7)));
    const holders = await db.admin.query<{ claimed_by: string; n: number }>(
      `SELECT claimed_by, count(*)::int AS n FROM outbox WHERE connector = 'hubspot' AND claimed_by IS NOT NULL GROUP BY claimed_by ORDER BY claimed_by`,
    );
    expect(holders.rows).toEqual([
      { claimed_by: 'relay-a', n: 3 },
      { claimed_by: 'relay-b', n: 4 },
    ]);
  });
});

describe('OutboxClaims.claim after a lane has relayed 20,000 rows (never analysed, not vacuumed)', () => {
  let churned: TestDatabase;
  beforeAll(async () => {
    churned = await createTestDatabase('outbox_churn');
    const claims = new OutboxClaims(churned.pool, 'relay-a');
    // What a relay leaves between two VACUUMs: rows inserted, claimed and deleted, 100 at a time.
    for (let i = 0; i < 200; i += 1) {
      await churned.admin.query(`INSERT INTO outbox (event_id, connector) SELECT gen_random_uuid(), 'stripe' FROM generate_series(1, 100)`);
      await claims.delete(await claims.claim('stripe', 100, 30_000));
    }
    await churned.admin.query(`INSERT INTO outbox (event_id, connector) SELECT gen_random_uuid(), 'stripe' FROM generate_series(1, 100)`);
  }, 120_000);
  afterAll(async () => {
    await churned.drop();
  });

  it('reads about the entries it claims, not one for every row the lane held since the last VACUUM', async () => {
    const plan = await inClaimPlan(churned.pool, (client) => explainJson(client, 'ANALYZE', CLAIM_SQL, ['stripe', 'relay-b', 100, 30_000]));
    const picking = planNodes(plan).find((n) => n['Node Type'] === 'Limit' && n['Parent Relationship'] === 'InitPlan');
    if (!picking) throw new Error('the claim has no LIMIT under an InitPlan');
    // Every entry a scan under the pick returned or read past: what a bitmap scan reads is every
    // dead entry of the lane (~20,100 here); in index order the deleted rows' entries are skipped.
    const read = planNodes(picking)
      .filter((n) => /Scan/.test(n['Node Type']))
      .reduce((sum, n) => sum + (n['Actual Rows'] ?? 0) + (n['Rows Removed by Filter'] ?? 0) + (n['Rows Removed by Index Recheck'] ?? 0), 0);
    expect(picking['Actual Rows']).toBe(100);
    expect(read).toBeLessThan(300);
  });
});
