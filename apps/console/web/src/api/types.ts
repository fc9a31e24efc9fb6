// The shapes the console API answers with (apps/console/src/routes), as the UI reads them.
// Where the server declares the answer's type, it is taken from there (type imports only: nothing
// of the server reaches the bundle) and mapped to its JSON form, so the two cannot drift apart.
import type { EventListItem as ServerEventListItem, EventView as ServerEventView } from '@hub/console';
import type { PendingDrift as ServerPendingDrift } from '@hub/core/drift';
import type { EventChange, WebhookStatus } from '@hub/core/event-store';
import type { AccountFigures as ServerAccountFigures } from '@hub/core/health';
import type { DeadLetter as ServerDeadLetter, ReplayReport } from '@hub/core/replay';
import type { ConnectorTimeSeries as ServerConnectorTimeSeries, OverviewTimeSeries } from '@hub/core/health';

/** One change announced by /api/stream: ids only. */
export type { EventChange, ReplayReport, WebhookStatus };

/** What JSON makes of a server type: dates travel as ISO strings. */
type Wire<T> = T extends Date ? string : T extends readonly (infer U)[] ? Wire<U>[] : T extends object ? { [K in keyof T]: Wire<T[K]> } : T;

export interface ConnectorSummary {
  id: string;
  name: string;
  version: string;
  receivesWebhooks: boolean;
  events: string[];
  actions: string[];
  counts: { received: number; processed: number; failed: number; quarantined: number; deadLettered: number };
  queue: { visible: number; inFlight: number; delayed: number } | null;
}

export interface WindowHealth {
  received: number;
  processed: number;
  failed: { transient: number; permanent: number };
  quarantined: number;
  deadLettered: number;
  successRate: number | null;
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

export interface ConnectorHealth {
  connector: string;
  windows: Record<'5m' | '1h' | '24h', WindowHealth>;
  lastSuccessAt: string | null;
  /** Present once the health model reports the breaker; a string or { state }. */
  circuit?: string | { state?: string } | null;
}

/** The charts' data (GET /api/connectors/:connector/timeseries, GET /api/overview/timeseries). */
export type ConnectorTimeSeries = Wire<ServerConnectorTimeSeries>;
export type { OverviewTimeSeries };

export type EventListItem = Wire<ServerEventListItem>;
export type TimelineEntry = Wire<ServerEventView['timeline'][number]> & { data: Record<string, unknown> };
export type EventView = Omit<Wire<ServerEventView>, 'timeline'> & { timeline: TimelineEntry[] };
export type DeadLetter = Wire<ServerDeadLetter>;
export type PendingDrift = Wire<ServerPendingDrift>;
export type AccountFigures = Wire<ServerAccountFigures>;

/** GET /api/connectors/:connector/drift, the parts the connector page reads. */
export interface DriftAnswer {
  pending: PendingDrift[];
  canAccept: { allowed: true } | { allowed: false; why: string };
}
