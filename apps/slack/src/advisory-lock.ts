import type pg from 'pg';

/**
 * Runs `work` holding a PostgreSQL session advisory lock on (scope, key): concurrent deliveries
 * of one Slack request (a retry while the first is still running), on this or another app
 * instance, run one after the other, so the second sees what the first recorded.
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, scope: string, key: string, work: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(hashtext($1), hashtext($2))`, [scope, key]);
    return await work();
  } finally {
    // A connection that cannot unlock is closed instead of going back to the pool: closing it frees the lock.
    const unlocked = await client.query(`SELECT pg_advisory_unlock(hashtext($1), hashtext($2))`, [scope, key]).then(
      () => true,
      () => false,
    );
    client.release(!unlocked);
  }
}
