import type pg from 'pg';
import { foldRollups } from '../../packages/core/src/health/rollup-fold.js';

/**
 * Folds until every event of the schema written so far is in the kept rollups and
 * pending_webhooks (migration 0025). A transaction of another test file, on the same server,
 * holds the fold's horizon back until it ends: hence the loop.
 */
export async function foldEverything(pool: pg.Pool, withinMs = 15_000): Promise<void> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 20))) {
    await foldRollups(pool);
    const { rows } = await pool.query<{ done: boolean }>(`SELECT coalesce((SELECT max(tx) FROM events) < (SELECT folded_below FROM event_rollup_fold), true) AS done`);
    if (rows[0]?.done) return;
  }
  throw new Error(`the rollup fold did not pass the last event written within ${withinMs} ms`);
}
