import type pg from 'pg';
import type { VersionRunStats } from './canary-guard.js';

export type WorkflowRunStatus = 'running' | 'completed' | 'filtered' | 'failed';

/** One run of a workflow version on a webhook event, as the console shows it. */
export interface WorkflowRun {
  eventId: string;
  version: number;
  canary: boolean;
  status: WorkflowRunStatus;
  attempts: number;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  /** Node ids that ran in the last attempt, in the order they finished. */
  path: string[];
  error: { code: string; message: string } | null;
}

/** A workflow's runs for its summary: counts of the last 24 h by status, and its latest failure. */
export interface WorkflowRunCounts {
  last24h: Record<WorkflowRunStatus, number>;
  lastError: { code: string; message: string; at: Date; eventId: string; version: number } | null;
}

interface RunRow {
  event_id: string;
  version: number;
  canary: boolean;
  status: WorkflowRunStatus;
  attempts: number;
  started_at: Date;
  finished_at: Date | null;
  duration_ms: number | null;
  path: string[];
  error_code: string | null;
  error_message: string | null;
}

const emptyCounts = (): WorkflowRunCounts['last24h'] => ({ completed: 0, filtered: 0, failed: 0, running: 0 });

// Per workflow through its own index range (a lateral join), not one scan of every run of the day.
const COUNTS_SQL = `
SELECT w.id, c.status, c.n, e.error_code, e.error_message, e.updated_at, e.event_id, e.version
FROM unnest($1::uuid[]) AS w(id)
LEFT JOIN LATERAL (
  SELECT status, count(*)::int AS n FROM workflow_runs r WHERE r.workflow_id = w.id AND r.started_at > now() - interval '24 hours' GROUP BY status
) c ON true
LEFT JOIN LATERAL (
  SELECT error_code, error_message, updated_at, event_id, version FROM workflow_runs r
  WHERE r.workflow_id = w.id AND r.status = 'failed' ORDER BY updated_at DESC LIMIT 1
) e ON true`;

const STATS_SQL = `
SELECT count(*) FILTER (WHERE status <> 'running')::int AS runs,
       count(*) FILTER (WHERE status = 'failed')::int AS failed,
       percentile_cont(0.95) WITHIN GROUP (ORDER BY duration_ms) AS p95
FROM workflow_runs WHERE workflow_id = $1 AND version = $2 AND started_at >= $3`;

/** Reads of workflow_runs, the rows the worker keeps per run (packages/core/src/processing/workflow-run-recorder.ts). */
export class WorkflowRuns {
  constructor(private readonly pool: pg.Pool) {}

  /** Each workflow's counts of the last 24 h and last error (workflows without runs get zeros and null). */
  async counts(workflowIds: readonly string[]): Promise<Map<string, WorkflowRunCounts>> {
    const result = new Map<string, WorkflowRunCounts>(workflowIds.map((id) => [id, { last24h: emptyCounts(), lastError: null }]));
    if (workflowIds.length === 0) return result;
    const { rows } = await this.pool.query<{
      id: string;
      status: WorkflowRunStatus | null;
      n: number | null;
      error_code: string | null;
      error_message: string | null;
      updated_at: Date | null;
      event_id: string | null;
      version: number | null;
    }>(COUNTS_SQL, [workflowIds]);
    for (const row of rows) {
      const entry = result.get(row.id);
      if (!entry) continue;
      if (row.status && row.n !== null) entry.last24h[row.status] = row.n;
      if (row.event_id && row.updated_at && row.version !== null) {
        entry.lastError = { code: row.error_code ?? 'HUB_INTERNAL', message: row.error_message ?? '', at: row.updated_at, eventId: row.event_id, version: row.version };
      }
    }
    return result;
  }

  /** The id of the workflow `name`, undefined for an unknown name. */
  async idOf(name: string): Promise<string | undefined> {
    const { rows } = await this.pool.query<{ id: string }>('SELECT id FROM workflows WHERE name = $1', [name]);
    return rows[0]?.id;
  }

  /** The workflow's runs, newest first (of one version, if given). */
  async list(workflowId: string, { limit = 50, version }: { limit?: number; version?: number | undefined } = {}): Promise<WorkflowRun[]> {
    const { rows } = await this.pool.query<RunRow>(
      `SELECT event_id, version, canary, status, attempts, started_at, finished_at, duration_ms, path, error_code, error_message
       FROM workflow_runs WHERE workflow_id = $1 AND ($2::integer IS NULL OR version = $2) ORDER BY started_at DESC, event_id DESC LIMIT $3`,
      [workflowId, version ?? null, limit],
    );
    return rows.map((r) => ({
      eventId: r.event_id,
      version: r.version,
      canary: r.canary,
      status: r.status,
      attempts: r.attempts,
      startedAt: r.started_at,
      finishedAt: r.finished_at,
      durationMs: r.duration_ms,
      path: r.path,
      error: r.error_code ? { code: r.error_code, message: r.error_message ?? '' } : null,
    }));
  }

  /** The runs of one version started since `since` that ended: counts, failure rate, p95 duration. */
  async stats(workflowId: string, version: number | null, since: Date): Promise<VersionRunStats> {
    if (version === null) return { version, runs: 0, failed: 0, failureRate: 0, p95Ms: null };
    const { rows } = await this.pool.query<{ runs: number; failed: number; p95: number | null }>(STATS_SQL, [workflowId, version, since]);
    const { runs, failed, p95 } = rows[0] ?? { runs: 0, failed: 0, p95: null };
    return { version, runs, failed, failureRate: runs === 0 ? 0 : failed / runs, p95Ms: p95 === null ? null : Math.round(p95) };
  }
}
