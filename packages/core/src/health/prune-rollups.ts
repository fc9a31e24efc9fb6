import type pg from 'pg';

export interface PruneRollupsOptions {
  /** Minute rows older than this are deleted (the 1 h window and the detector's recent history need the last hours). Default 2 days. */
  minuteRetentionMs?: number;
  /** Hour rows older than this are deleted (hour-of-week baselines need weeks). Default 90 days. */
  hourRetentionMs?: number;
  now?: Date;
}

/**
 * Deletes rollup rows past their retention; run it periodically from one place (the health
 * queries do not need it to stay fast: they read a key range, but the tables grow by one row
 * per connector, account and minute).
 */
export async function pruneRollups(pool: Pick<pg.Pool, 'query'>, { minuteRetentionMs = 2 * 86_400_000, hourRetentionMs = 90 * 86_400_000, now = new Date() }: PruneRollupsOptions = {}): Promise<{ minutes: number; hours: number }> {
  const minutes = await pool.query('DELETE FROM event_rollups WHERE minute < $1', [new Date(now.getTime() - minuteRetentionMs)]);
  const hours = await pool.query('DELETE FROM event_rollups_hourly WHERE hour < $1', [new Date(now.getTime() - hourRetentionMs)]);
  return { minutes: minutes.rowCount ?? 0, hours: hours.rowCount ?? 0 };
}
