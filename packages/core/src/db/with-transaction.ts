import type pg from 'pg';
import { closeCommitQueue, openCommitQueue } from './after-commit.js';

export interface TransactionOptions {
  /** `SET LOCAL …` statements for this transaction only, sent with its BEGIN (no round trip of their own). */
  settings?: string;
}

/**
 * Runs `work` in one transaction on a client of the pool: COMMIT when it resolves, ROLLBACK when it
 * throws (its error is the one that surfaces, not a failed ROLLBACK's), and the client goes back.
 * What the work queued with afterCommit runs once the COMMIT succeeded.
 */
export async function withTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, options: TransactionOptions = {}): Promise<T> {
  const client = await pool.connect();
  try {
    // One simple-protocol message: the settings cannot be parameters, and are never user input.
    await client.query(options.settings ? `BEGIN; ${options.settings}` : 'BEGIN');
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
