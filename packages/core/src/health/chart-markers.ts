import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';

export type ChartMarkerKind = 'alert' | 'workflow' | 'canary' | 'credential';

/** Something that happened at a time, drawn on the charts' time axis. */
export interface ChartMarker {
  at: Date;
  kind: ChartMarkerKind;
  label: string;
}

const WORKFLOW_TYPES: Record<string, ChartMarkerKind> = {
  [EventTypes.workflowActivated]: 'workflow',
  [EventTypes.workflowRolledBack]: 'workflow',
  [EventTypes.workflowDisabled]: 'workflow',
  [EventTypes.workflowEnabled]: 'workflow',
  [EventTypes.workflowCanarySet]: 'canary',
  [EventTypes.workflowCanaryPromoted]: 'canary',
  [EventTypes.workflowCanaryStopped]: 'canary',
  [EventTypes.workflowCanaryRolledBack]: 'canary',
};

// Each source has an index on its time (alerts_opened, events (connector, type, created_at)); at
// most this many of each, newest first, so a storm of alerts cannot make the answer big.
const PER_SOURCE = 200;

type WorkflowRow = { at: Date; type: string; name: string | null; version: string | null; to_version: string | null; percent: string | null };

function workflowLabel(row: WorkflowRow): string {
  const name = row.name ?? '?';
  switch (row.type) {
    case EventTypes.workflowActivated:
      return `${name} v${row.version} active`;
    case EventTypes.workflowRolledBack:
      return `${name} rolled back to v${row.to_version}`;
    case EventTypes.workflowCanarySet:
      return `${name} canary v${row.version} at ${row.percent} %`;
    case EventTypes.workflowCanaryRolledBack:
      return `${name} canary v${row.version} rolled back`;
    default:
      return `${name} ${row.type.slice('workflow.'.length).replaceAll('_', ' ')}`;
  }
}

/**
 * What the store records that an operator wants beside a curve: alerts raised for the connector,
 * changes of workflows it triggers (activation, rollback, disable/enable) and their canaries
 * (start, promote, stop, automatic rollback), and credential changes. Credentials are state, not
 * events: only the last change of each account's credential is known.
 */
export async function readChartMarkers(pool: Pick<pg.Pool, 'query'>, connector: string, { from, to, account }: { from: Date; to: Date; account?: string | undefined }): Promise<ChartMarker[]> {
  const [alerts, workflows, credentials] = await Promise.all([
    pool.query<{ at: Date; kind: string; severity: string }>(
      `SELECT opened_at AS at, kind, severity FROM alerts WHERE connector = $1 AND opened_at >= $2 AND opened_at < $3 ORDER BY opened_at DESC LIMIT ${PER_SOURCE}`,
      [connector, from, to],
    ),
    pool.query<WorkflowRow>(
      `SELECT created_at AS at, type, data->>'name' AS name, data->>'version' AS version, data->>'to' AS to_version, data->>'percent' AS percent
       FROM events WHERE connector = $1 AND type = ANY($2::text[]) AND created_at >= $3 AND created_at < $4 ORDER BY created_at DESC LIMIT ${PER_SOURCE}`,
      [connector, Object.keys(WORKFLOW_TYPES), from, to],
    ),
    pool.query<{ at: Date; account: string }>(
      `SELECT updated_at AS at, account FROM credentials WHERE connector = $1 AND updated_at >= $2 AND updated_at < $3 AND ($4::text IS NULL OR account = $4) ORDER BY updated_at DESC LIMIT ${PER_SOURCE}`,
      [connector, from, to, account ?? null],
    ),
  ]);
  return [
    ...alerts.rows.map((r): ChartMarker => ({ at: r.at, kind: 'alert', label: `alert ${r.kind} (${r.severity})` })),
    ...workflows.rows.map((r): ChartMarker => ({ at: r.at, kind: WORKFLOW_TYPES[r.type] ?? 'workflow', label: workflowLabel(r) })),
    ...credentials.rows.map((r): ChartMarker => ({ at: r.at, kind: 'credential', label: r.account ? `credential of ${r.account} changed` : 'credential changed' })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
}
