import type pg from 'pg';
import { withTransaction } from '../db/index.js';

/** An outbox row a relay claimed: sent to its connector's queue, then deleted by id. */
export interface ClaimedRow {
  id: string;
  event_id: string;
  replay: boolean;
}

// One short statement (its own transaction): SKIP LOCKED keeps concurrent claimers apart, and a
// row another relay claimed in the meantime fails the re-checked WHERE and is left to it.
// `id = ANY(ARRAY(...))`, not `id IN (...)`: the rows picked become an array the UPDATE finds by
// primary key. With `IN`, a backlog of ~20,000 rows was planned as a hash join over a sequential
// scan of the whole outbox, once per claim of 100 (docs/benchmarks.md, fifteenth increment).
// Exported for its plan test.
export const CLAIM_SQL = `UPDATE outbox SET claimed_by = $2, claimed_until = now() + $4::double precision * interval '1 millisecond'
WHERE id = ANY(ARRAY(
  SELECT id FROM outbox
  WHERE connector = $1 AND (claimed_until IS NULL OR claimed_until <= now())
  ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED
)) RETURNING id, event_id, replay`;

// The claim's planner may only walk an index in id order, stopping once it has its rows: the lane's
// (connector, id) index, or where statistics show the lane as most of the outbox the primary key
// with the lane as a filter. Left to itself it read every entry of the lane as a bitmap and sorted
// them (its estimate of a lane's rows comes from statistics an outbox rarely has: analysed while
// empty, or not at all). A bitmap scan also never marks the entries of deleted rows dead, so until
// a VACUUM every claim read every row the lane had held since the last one: the server's time for
// a claim of 50 rose 2.3 -> 10 ms over 20,000 -> 120,000 rows relayed (0.2-0.4 ms in index order),
// and a claim of 100 from a backlog of 100,000 took 43-52 ms against 5.5 ms, round trips included
// (docs/benchmarks.md, nineteenth increment).
const IN_INDEX_ORDER = 'SET LOCAL enable_bitmapscan = off; SET LOCAL enable_seqscan = off';

/** Runs `work` in a transaction planned as the claim is (exported for the claim's plan test). */
export function inClaimPlan<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withTransaction(pool, work, { settings: IN_INDEX_ORDER });
}

// The distinct connectors, read by skipping along the (connector, id) index rather than the whole backlog.
const CONNECTORS_SQL = `WITH RECURSIVE lanes AS (
  (SELECT connector FROM outbox ORDER BY connector LIMIT 1)
  UNION ALL
  SELECT (SELECT o.connector FROM outbox o WHERE o.connector > lanes.connector ORDER BY o.connector LIMIT 1)
  FROM lanes WHERE lanes.connector IS NOT NULL
) SELECT connector FROM lanes WHERE connector IS NOT NULL`;

/** The outbox as the relay lanes use it: claims per connector under a lease, deletes by id. */
export class OutboxClaims {
  constructor(
    private readonly pool: pg.Pool,
    /** Who claims: one relay (process and instance). */
    readonly claimant: string,
  ) {}

  /** The connectors that have rows in the outbox, claimed or not. */
  async connectors(): Promise<string[]> {
    const { rows } = await this.pool.query<{ connector: string }>(CONNECTORS_SQL);
    return rows.map((r) => r.connector);
  }

  /** Up to `limit` of the connector's oldest rows nobody holds, held by this claimant for `leaseMs`. */
  async claim(connector: string, limit: number, leaseMs: number): Promise<ClaimedRow[]> {
    return inClaimPlan(this.pool, async (client) => (await client.query<ClaimedRow>(CLAIM_SQL, [connector, this.claimant, limit, leaseMs])).rows);
  }

  /** Rows SQS accepted: gone for good, whoever holds them (a row is never sent again once deleted). */
  async delete(rows: readonly ClaimedRow[]): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query('DELETE FROM outbox WHERE id = ANY($1::bigint[])', [rows.map((r) => r.id)]);
  }

  /** Rows SQS did not take: held for `delayMs` more (the connector's backoff, which every relay then waits out). */
  async defer(rows: readonly ClaimedRow[], delayMs: number): Promise<void> {
    if (rows.length === 0) return;
    await this.pool.query(`UPDATE outbox SET claimed_until = now() + $3::double precision * interval '1 millisecond' WHERE id = ANY($1::bigint[]) AND claimed_by = $2`, [
      rows.map((r) => r.id),
      this.claimant,
      delayMs,
    ]);
  }
}
