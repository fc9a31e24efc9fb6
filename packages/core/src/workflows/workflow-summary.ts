import type { WorkflowDocument } from './workflow-graph.js';

/** A workflow as it stands: which version runs, its canary, its trigger. */
export interface WorkflowSummary {
  id: string;
  name: string;
  /** disabled: nothing runs, not even retries of a run already started. */
  status: 'active' | 'disabled';
  /** null until a version is activated (every version may have been saved with activate: false). */
  activeVersion: number | null;
  canary: { version: number; percent: number } | null;
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
  updated_at: Date;
  updated_by: string;
}

export const WORKFLOW_COLUMNS = 'id, name, status, trigger_connector, trigger_event, latest_version, active_version, previous_versions, canary_version, canary_percent, updated_at, updated_by';

export function toSummary(row: WorkflowRow): WorkflowSummary {
  return {
    id: row.id,
    name: row.name,
    status: row.status,
    activeVersion: row.active_version,
    canary: row.canary_version !== null && row.canary_percent !== null ? { version: row.canary_version, percent: row.canary_percent } : null,
    trigger: { connector: row.trigger_connector, event: row.trigger_event },
    latestVersion: row.latest_version,
    updatedAt: row.updated_at,
    updatedBy: row.updated_by,
  };
}
