import type pg from 'pg';
import { closeCommitQueue, openCommitQueue } from './after-commit.js';

/**
 * Runs `work` in one transaction on a client of the pool: COMMIT when it resolves, ROLLBACK when it
 * throws (its error is the one that surfaces, not a failed ROLLBACK's), and the client goes back.
 * What the work queued with afterCommit runs once the COMMIT succeeded.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    openCommitQueue(client);
    const result = await work(client);
    await client.query('COMMIT');
    closeCommitQueue(client, true);
    return result;
  } catch (err) {
    closeCommitQueue(client, false);
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    client.release();
  }
}
