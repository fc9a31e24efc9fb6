import { DEFAULT_CANARY_GUARD, type CanaryGuard } from './canary-guard.js';
import type { WorkflowDocument } from './workflow-graph.js';

/** A running canary: its version and share, when it started (the guard's window) and its guard. */
export interface WorkflowCanary {
  version: number;
  percent: number;
  startedAt: Date;
  guard: CanaryGuard;
}

/** A workflow as it stands: which version runs, its canary, its trigger. */
export interface WorkflowSummary {
  id: string;
  name: string;
  /** disabled: nothing runs, not even retries of a run already started. */
  status: 'active' | 'disabled';
  /** null until a version is activated (every version may have been saved with activate: false). */
  activeVersion: number | null;
  canary: WorkflowCanary | null;
  /** The active version's trigger (the latest version's while none is active). */
  trigger: { connector: string; event: string };
  latestVersion: number;
  updatedAt: Date;
  updatedBy: string;
}

export interface WorkflowVersion {
  version: number;
  definition: WorkflowDocument;
  createdBy: string;
  createdAt: Date;
  /** Why it was saved (the builder asks for it); null when none was given. */
  message: string | null;
}

export interface WorkflowDetail extends WorkflowSummary {
  /** Newest first. */
  versions: WorkflowVersion[];
  /** Versions active before the current one, oldest first: a rollback returns to the last. */
  previousVersions: number[];
}

export interface WorkflowRow {
  id: string;
  name: string;
  status: 'active' | 'disabled';
  trigger_connector: string;
  trigger_event: string;
  latest_version: number;
  active_version: number | null;
  previous_versions: number[];
  canary_version: number | null;
  canary_percent: number | null;
  canary_started_at: Date | null;
  canary_failure_rate_margin: number | null;
  canary_min_runs: number | null;
  canary_p95_factor: number | null;
  updated_at: Date;
  updated_by: string;
}

export const WORKFLOW_COLUMNS =
  'id, name, status, trigger_connector, trigger_event, latest_version, active_version, previous_versions, canary_version, canary_percent, canary_started_at, canary_failure_rate_margin, canary_min_runs, canary_p95_factor, updated_at, updated_by';

/** The row's running canary (the migration gives every canary a start and a guard). */
export function canaryOf(row: WorkflowRow): WorkflowCanary | null {
  if (row.canary_version === null || row.canary_percent === null || row.canary_started_at === null) return null;
  return {
    version: row.canary_version,
    percent: row.canary_percent,
    startedAt: row.canary_started_at,
    guard: {
      failureRateMargin: row.canary_failure_rate_margin ?? DEFAULT_CANARY_GUARD.failureRateMargin,
      minRuns: row.canary_min_runs ?? DEFAULT_CANARY_GUARD.minRuns,
      p95Factor: row.canary_p95_factor,
    },
  };
}

export function toSummary(row: WorkflowRow): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    activeVersion: row.active_version,
    canary: canaryOf(row),
    trigger: { connector: row.trigger_connector, event: row.trigger_event },
    latestVersion: row.latest_version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
