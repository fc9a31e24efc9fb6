import type pg from 'pg';

/**
 * Deletes (or, in a dry run, counts) the workflow_runs rows last changed before the cutoff: the
 * console shows 24 h and the canary guard compares runs since a canary started, so older rows are
 * read by nobody, and without this the table grows by one row per workflow per webhook for good.
 */
export async function pruneWorkflowRuns(pool: Pick<pg.Pool, 'query'>, { cutoff, dryRun }: { cutoff: Date; dryRun: boolean }): Promise<number> {
  if (!dryRun) return (await pool.query('DELETE FROM workflow_runs WHERE updated_at < $1', [cutoff])).rowCount ?? 0;
  return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM workflow_runs WHERE updated_at < $1', [cutoff])).rows[0]?.n ?? 0;
}
