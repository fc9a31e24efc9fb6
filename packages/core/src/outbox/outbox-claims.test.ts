import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { CLAIM_SQL, OutboxClaims } from './outbox-claims.js';

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
  it('finds the rows it claims by primary key: no sequential scan of a 20,000-row outbox', async () => {
    const { rows } = await db.pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${CLAIM_SQL}`, ['stripe', 'relay-a', 100, 30_000]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Index Scan using outbox_pkey on outbox\s/);
    expect(plan).not.toMatch(/Seq Scan on outbox|Hash/);
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
