import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';

export interface WindowHealth {
  received: number;
  processed: number;
  failed: { transient: number; permanent: number };
  quarantined: number;
  deadLettered: number;
  /** processed / (processed + dead-lettered + quarantined); null when nothing finished. */
  successRate: number | null;
  /** Outbound action latency of successful calls, ms. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

export interface ConnectorHealth {
  connector: string;
  windows: Record<HealthWindow, WindowHealth>;
  lastSuccessAt: Date | null;
}

export const HEALTH_WINDOWS = { '5m': '5 minutes', '1h': '1 hour', '24h': '24 hours' } as const;
export type HealthWindow = keyof typeof HEALTH_WINDOWS;

const COUNTED = [
  EventTypes.webhookReceived,
  EventTypes.webhookProcessed,
  EventTypes.webhookFailed,
  EventTypes.webhookQuarantined,
  EventTypes.webhookDeadLettered,
  EventTypes.actionSucceeded,
];

// One scan per window over the (connector, type, created_at) index. Rollups replace this when
// volumes call for it; the shape of the answer stays.
const WINDOW_SQL = `
SELECT connector,
  count(*) FILTER (WHERE type = '${EventTypes.webhookReceived}')::int AS received,
  count(*) FILTER (WHERE type = '${EventTypes.webhookProcessed}')::int AS processed,
  count(*) FILTER (WHERE type = '${EventTypes.webhookFailed}' AND data->>'class' = 'transient')::int AS failed_transient,
  count(*) FILTER (WHERE type = '${EventTypes.webhookFailed}' AND data->>'class' = 'permanent')::int AS failed_permanent,
  count(*) FILTER (WHERE type = '${EventTypes.webhookQuarantined}')::int AS quarantined,
  count(*) FILTER (WHERE type = '${EventTypes.webhookDeadLettered}')::int AS dead_lettered,
  percentile_cont(0.5) WITHIN GROUP (ORDER BY (data->>'durationMs')::float) FILTER (WHERE type = '${EventTypes.actionSucceeded}') AS p50,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY (data->>'durationMs')::float) FILTER (WHERE type = '${EventTypes.actionSucceeded}') AS p95,
  percentile_cont(0.99) WITHIN GROUP (ORDER BY (data->>'durationMs')::float) FILTER (WHERE type = '${EventTypes.actionSucceeded}') AS p99
FROM events
WHERE type = ANY($1::text[]) AND created_at >= now() - $2::interval
GROUP BY connector`;

interface WindowRow {
  connector: string;
  received: number;
  processed: number;
  failed_transient: number;
  failed_permanent: number;
  quarantined: number;
  dead_lettered: number;
  p50: number | null;
  p95: number | null;
  p99: number | null;
}

function emptyWindow(): WindowHealth {
  return { received: 0, processed: 0, failed: { transient: 0, permanent: 0 }, quarantined: 0, deadLettered: 0, successRate: null, latencyMs: { p50: null, p95: null, p99: null } };
}

function toWindow(row: WindowRow): WindowHealth {
  const finished = row.processed + row.dead_lettered + row.quarantined;
  const round = (v: number | null) => (v === null ? null : Math.round(v));
  return {
    received: row.received,
    processed: row.processed,
    failed: { transient: row.failed_transient, permanent: row.failed_permanent },
    quarantined: row.quarantined,
    deadLettered: row.dead_lettered,
    successRate: finished === 0 ? null : row.processed / finished,
    latencyMs: { p50: round(row.p50), p95: round(row.p95), p99: round(row.p99) },
  };
}

/** Health of each connector over the last 5 minutes, hour and day, from the event store. */
export async function connectorHealth(pool: pg.Pool, connectors: readonly string[]): Promise<ConnectorHealth[]> {
  const result = new Map<string, ConnectorHealth>(
    connectors.map((c) => [c, { connector: c, windows: { '5m': emptyWindow(), '1h': emptyWindow(), '24h': emptyWindow() }, lastSuccessAt: null }]),
  );
  for (const [window, interval] of Object.entries(HEALTH_WINDOWS) as [HealthWindow, string][]) {
    const { rows } = await pool.query<WindowRow>(WINDOW_SQL, [COUNTED, interval]);
    for (const row of rows) {
      const health = result.get(row.connector);
      if (health) health.windows[window] = toWindow(row);
    }
  }
  const last = await pool.query<{ connector: string; at: Date }>(
    `SELECT connector, max(created_at) AS at FROM events WHERE type = $1 AND connector = ANY($2::text[]) GROUP BY connector`,
    [EventTypes.webhookProcessed, connectors],
  );
  for (const row of last.rows) {
    const health = result.get(row.connector);
    if (health) health.lastSuccessAt = row.at;
  }
  return [...result.values()];
}
