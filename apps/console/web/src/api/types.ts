// The shapes the console API answers with (apps/console/src/routes), as the UI reads them.

export type WebhookStatus = 'queued' | 'processing' | 'processed' | 'quarantined' | 'failed' | 'dead_lettered';

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

export interface ConnectorSeries {
  received: number[];
  processed: number[];
  errors: number[];
}

export interface EventListItem {
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string | null;
  providerEventId: string | null;
  status: WebhookStatus | undefined;
  receivedAt: string;
  updatedAt: string;
}

export interface TimelineEntry {
  id: string;
  type: string;
  at: string;
  actor: string | null;
  data: Record<string, unknown>;
}

export interface EventView {
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string | undefined;
  providerEventId: string | null;
  status: WebhookStatus | undefined;
  receivedAt: string;
  timeline: TimelineEntry[];
}

export interface DeadLetter {
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string | undefined;
  status: 'dead_lettered' | 'quarantined';
  errorClass: string | undefined;
  code: string | undefined;
  message: string | undefined;
  attempts: number | undefined;
  issues: unknown;
  at: string;
}

export interface ReplayReport {
  replayId: string;
  dryRun: boolean;
  selected: number;
  replayed: number;
  missing: string[];
  eventIds: string[];
}

/** One change announced by /api/stream: ids only. */
export interface EventChange {
  connectors: string[];
  types: string[];
  streams: string[];
  more: boolean;
}
