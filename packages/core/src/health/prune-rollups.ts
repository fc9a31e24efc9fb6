import type pg from 'pg';

export interface PruneRollupsOptions {
  /** Minute rows older than this are deleted (the 1 h window and the detector's recent history need the last hours). Default 2 days. */
  minuteRetentionMs?: number;
  /** Hour rows older than this are deleted (hour-of-week baselines need weeks). Default 90 days. */
  hourRetentionMs?: number;
  now?: Date;
  /** Count the rows that would go; delete nothing. */
  dryRun?: boolean;
}

/**
 * Deletes rollup rows past their retention. Retention runs it (runRetention: the worker's
 * schedule and `hub retention run`): the health queries read a key range and stay fast anyway,
 * but the tables grow by one row per connector, account and minute.
 */
export async function pruneRollups(
  pool: Pick<pg.Pool, 'query'>,
  { minuteRetentionMs = 2 * 86_400_000, hourRetentionMs = 90 * 86_400_000, now = new Date(), dryRun = false }: PruneRollupsOptions = {},
): Promise<{ minutes: number; hours: number }> {
  const prune = async (table: string, column: string, retentionMs: number) => {
    const before = new Date(now.getTime() - retentionMs);
    if (!dryRun) return (await pool.query(`DELETE FROM ${table} WHERE ${column} < $1`, [before])).rowCount ?? 0;
    return (await pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${column} < $1`, [before])).rows[0]?.n ?? 0;
  };
  return { minutes: await prune('event_rollups', 'minute', minuteRetentionMs), hours: await prune('event_rollups_hourly', 'hour', hourRetentionMs) };
}
