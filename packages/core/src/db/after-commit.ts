import type pg from 'pg';

/** Work waiting for the COMMIT of the transaction open on a client (withTransaction). */
const pending = new WeakMap<object, (() => void)[]>();

/**
 * Runs `fn` once what `db` wrote is committed: at the COMMIT of the transaction withTransaction
 * has open on it (dropped on ROLLBACK), or now when `db` is a pool or a client outside one.
 */
export function afterCommit(db: Pick<pg.Pool | pg.PoolClient, 'query'>, fn: () => void): void {
  const queue = pending.get(db);
  if (queue) queue.push(fn);
  else fn();
}

/** withTransaction's side: opens the client's queue after BEGIN, and runs or drops it at the end. */
export function openCommitQueue(client: pg.PoolClient): void {
  pending.set(client, []);
}

export function closeCommitQueue(client: pg.PoolClient, committed: boolean): void {
  const queue = pending.get(client);
  pending.delete(client);
  if (committed) for (const fn of queue ?? []) fn();
}
