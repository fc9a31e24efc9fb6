import type pg from 'pg';

/** What `withAdvisoryLock` did: ran the work (and its result), or found the lock taken. */
export type LockedRun<T> = { ran: true; result: T } | { ran: false };

/**
 * Runs `work` while this session holds the PostgreSQL advisory lock named `name` (in the pool's
 * schema), or answers `{ ran: false }` at once when another session holds it: a job that must run
 * once at a time across processes and replicas, with no other service involved. The lock belongs
 * to a connection held for the duration, so a process that dies frees it with its connection.
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, name: string, work: () => Promise<T>): Promise<LockedRun<T>> {
  const client = await pool.connect();
  let broken = false;
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext(current_schema() || ':' || $1)) AS locked`, [name]);
    if (!rows[0]?.locked) return { ran: false };
    try {
      return { ran: true, result: await work() };
    } finally {
      await client.query(`SELECT pg_advisory_unlock(hashtext(current_schema() || ':' || $1))`, [name]).catch(() => {
        // The session may be gone; a connection that is not returned to the pool frees the lock with it.
        broken = true;
      });
    }
  } finally {
    client.release(broken);
  }
}
