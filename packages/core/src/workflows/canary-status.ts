import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';
import type { CanaryGuard, VersionRunStats } from './canary-guard.js';
import { WorkflowRuns } from './workflow-runs.js';
import { canaryOf, WORKFLOW_COLUMNS, type WorkflowCanary, type WorkflowRow } from './workflow-summary.js';

/** The last automatic rollback of a workflow's canary (from its workflow.canary_rolled_back). */
export interface CanaryRolledBack {
  at: Date;
  version: number;
  reason: 'failure_rate' | 'latency_p95';
  message: string;
  figures: { candidate: VersionRunStats; stable: VersionRunStats; guard: CanaryGuard };
}

/** A workflow's canary as the console's canary panel shows it, side by side with the stable version. */
export interface CanaryStatus {
  canary: WorkflowCanary | null;
  /** The active version's runs since the canary started (the last 24 h when none runs); version null while none is active. */
  stable: VersionRunStats;
  /** The canary version's runs since it started; null when no canary runs. */
  candidate: VersionRunStats | null;
  rolledBack: CanaryRolledBack | null;
}

const DAY_MS = 86_400_000;

/** The canary status of the workflow `name`; undefined when there is none of that name. */
export async function canaryStatus(pool: pg.Pool, name: string, now = new Date()): Promise<CanaryStatus | undefined> {
  const { rows } = await pool.query<WorkflowRow>(`SELECT ${WORKFLOW_COLUMNS} FROM workflows WHERE name = $1`, [name]);
  const row = rows[0];
  if (!row) return undefined;
  const runs = new WorkflowRuns(pool);
  const canary = canaryOf(row);
  const since = canary?.startedAt ?? new Date(now.getTime() - DAY_MS);
  const [stable, candidate, last] = await Promise.all([
    runs.stats(row.id, row.active_version, since),
    canary ? runs.stats(row.id, canary.version, since) : null,
    pool.query<{ created_at: Date; data: Record<string, unknown> }>('SELECT created_at, data FROM events WHERE stream = $1 AND type = $2 ORDER BY id DESC LIMIT 1', [row.id, EventTypes.workflowCanaryRolledBack]),
  ]);
  const event = last.rows[0];
  const rolledBack = event
    ? {
        at: event.created_at,
        version: event.data.version as number,
        reason: event.data.reason as CanaryRolledBack['reason'],
        message: String(event.data.message ?? ''),
        figures: { candidate: event.data.candidate, stable: event.data.stable, guard: event.data.guard } as CanaryRolledBack['figures'],
      }
    : null;
  return { canary, stable, candidate, rolledBack };
}
