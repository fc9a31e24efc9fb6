import type { AlertKind, AlertSeverity } from './alert-kind.js';

/** An alert as the console, the CLI and the deliveries see it. */
export interface Alert {
  id: string;
  connector: string;
  kind: AlertKind;
  severity: AlertSeverity;
  status: 'open' | 'resolved';
  occurrences: number;
  evidence: Record<string, unknown>;
  sampleEventIds: string[];
  openedAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  resolution: Record<string, unknown> | null;
  /** Notifications silenced until then (a mute of its connector and kind), else null. */
  mutedUntil: Date | null;
  slack: { channel: string; ts: string } | null;
}

export interface AlertRow {
  id: string;
  connector: string;
  kind: string;
  severity: string;
  status: string;
  occurrences: number;
  evidence: Record<string, unknown>;
  sample_event_ids: string[];
  opened_at: Date;
  last_seen_at: Date;
  resolved_at: Date | null;
  resolution: Record<string, unknown> | null;
  muted_until: Date | null;
  slack_channel: string | null;
  slack_ts: string | null;
}

/** Columns of `alerts a` plus the mute in force at `$now` (the query's parameter named by `nowParam`). */
export const alertColumns = (nowParam: string) =>
  `a.id, a.connector, a.kind, a.severity, a.status, a.occurrences, a.evidence, a.sample_event_ids, a.opened_at, a.last_seen_at,
   a.resolved_at, a.resolution, a.slack_channel, a.slack_ts,
   (SELECT m.muted_until FROM alert_mutes m WHERE m.connector = a.connector AND m.kind = a.kind AND m.muted_until > ${nowParam}) AS muted_until`;

export function toAlert(row: AlertRow): Alert {
  return {
    id: row.id,
    connector: row.connector,
    kind: row.kind as AlertKind,
    severity: row.severity as AlertSeverity,
    status: row.status as Alert['status'],
    occurrences: row.occurrences,
    evidence: row.evidence,
    sampleEventIds: row.sample_event_ids,
    openedAt: row.opened_at,
    lastSeenAt: row.last_seen_at,
    resolvedAt: row.resolved_at,
    resolution: row.resolution,
    mutedUntil: row.muted_until,
    slack: row.slack_channel && row.slack_ts ? { channel: row.slack_channel, ts: row.slack_ts } : null,
  };
}
