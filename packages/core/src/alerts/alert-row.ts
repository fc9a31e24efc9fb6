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
  /** Notifications silenced until then (a mute of its connector and kind, or of every kind of its connector), else null. */
  mutedUntil: Date | null;
  /** Who set the mute in force (`slack:U…`, `cli:alice`), else null. */
  mutedBy: string | null;
  /** The operator who acknowledged it first, and when; null until someone does. */
  acknowledgedBy: string | null;
  acknowledgedAt: Date | null;
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
  muted_by: string | null;
  acknowledged_by: string | null;
  acknowledged_at: Date | null;
  slack_channel: string | null;
  slack_ts: string | null;
}

/** The mute in force at `nowParam` for alert `a`: its kind's or its connector's ('*'), whichever ends later. */
const muteInForce = (column: 'muted_until' | 'muted_by', nowParam: string) =>
  `(SELECT m.${column} FROM alert_mutes m WHERE m.connector = a.connector AND m.kind IN (a.kind, '*') AND m.muted_until > ${nowParam}
    ORDER BY m.muted_until DESC LIMIT 1)`;

/** Columns of `alerts a` plus the mute in force at `$now` (the query's parameter named by `nowParam`). */
export const alertColumns = (nowParam: string) =>
  `a.id, a.connector, a.kind, a.severity, a.status, a.occurrences, a.evidence, a.sample_event_ids, a.opened_at, a.last_seen_at,
   a.resolved_at, a.resolution, a.slack_channel, a.slack_ts, a.acknowledged_by, a.acknowledged_at,
   ${muteInForce('muted_until', nowParam)} AS muted_until, ${muteInForce('muted_by', nowParam)} AS muted_by`;

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
    mutedBy: row.muted_by,
    acknowledgedBy: row.acknowledged_by,
    acknowledgedAt: row.acknowledged_at,
    slack: row.slack_channel && row.slack_ts ? { channel: row.slack_channel, ts: row.slack_ts } : null,
  };
}
