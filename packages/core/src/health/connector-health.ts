import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';
import type { ConnectorQueues } from '../queue/index.js';
import { readCircuits, worstCircuitState, type CircuitHealth, type CircuitState } from './circuit-health.js';
import { readDeadLetterCounts, readPending, readQueueDepths, type QueueHealth } from './queue-health.js';
import { readRateLimitHeadroom, type RateLimitHealth, type RateLimitSource } from './rate-limit-headroom.js';
import { emptyWindow, HEALTH_WINDOWS, readRollupWindows, type HealthWindow, type WindowHealth, type WindowRow } from './rollup-windows.js';

export interface AccountHealth {
  account: string | null;
  windows: Record<HealthWindow, WindowHealth>;
  /** Latest webhook.processed of this account within the last 24 h (from the rollups). */
  lastSuccessAt: Date | null;
}

export interface ConnectorHealth {
  connector: string;
  windows: Record<HealthWindow, WindowHealth>;
  /** Latest webhook.processed ever (an index lookup, not bounded by the windows). */
  lastSuccessAt: Date | null;
  sinceLastSuccessMs: number | null;
  queue: QueueHealth;
  /** The worst state of the circuits of this connector as a call target, and each circuit. */
  circuit: CircuitState;
  circuits: CircuitHealth[];
  /** Null when not asked (no Redis given) or Redis did not answer. */
  rateLimit: RateLimitHealth | null;
  /** Only when asked with `byAccount`. */
  accounts?: AccountHealth[];
}

export interface ConnectorHealthOptions {
  /** Defaults to the current time; tests pass a fixed one. */
  now?: Date;
  /** Also break the windows down per account. */
  byAccount?: boolean;
  /** Queue depth, in-flight and delayed messages from SQS (omitted: those figures are null). */
  queues?: ConnectorQueues;
  /** Rate-limit headroom from the shared Redis limiter (omitted: null). */
  rateLimits?: RateLimitSource;
}

function emptyWindows(): Record<HealthWindow, WindowHealth> {
  return { '5m': emptyWindow(), '1h': emptyWindow(), '24h': emptyWindow() };
}

/** For connectors with no success in the last 24 h (the rollups know the others). */
async function lastSuccesses(pool: Pick<pg.Pool, 'query'>, connectors: readonly string[]): Promise<Map<string, Date>> {
  if (connectors.length === 0) return new Map();
  // max() per connector walks the (connector, type, created_at) index backwards: one probe each.
  const { rows } = await pool.query<{ connector: string; at: Date | null }>(
    `SELECT c.connector, (SELECT max(created_at) FROM events e WHERE e.connector = c.connector AND e.type = $2) AS at
     FROM unnest($1::text[]) AS c(connector)`,
    [connectors, EventTypes.webhookProcessed],
  );
  return new Map(rows.filter((r) => r.at !== null).map((r) => [r.connector, r.at as Date]));
}

function accountsOf(rows: readonly WindowRow[], connector: string): AccountHealth[] {
  const byAccount = new Map<string, AccountHealth>();
  for (const row of rows) {
    if (row.connector !== connector) continue;
    const key = row.account ?? '';
    const entry = byAccount.get(key) ?? { account: key === '' ? null : key, windows: emptyWindows(), lastSuccessAt: null };
    entry.windows[row.window] = row.health;
    if (row.window === '24h') entry.lastSuccessAt = row.lastSuccessAt;
    byAccount.set(key, entry);
  }
  return [...byAccount.values()].sort((a, b) => (a.account ?? '').localeCompare(b.account ?? ''));
}

/**
 * Health of each connector: counts, success rate and latency over 5 min / 1 h / 24 h (from the
 * per-minute rollups, never a scan of events), queue figures, circuit state, rate-limit
 * headroom and the time since the last success. The one model the API, console, CLI and
 * Slack read.
 */
export async function connectorHealth(pool: Pick<pg.Pool, 'query'>, connectors: readonly string[], options: ConnectorHealthOptions = {}): Promise<ConnectorHealth[]> {
  const now = options.now ?? new Date();
  const byAccount = options.byAccount ?? false;
  const [totals, perAccount, pending, deadLetters, circuits, depths, limits] = await Promise.all([
    readRollupWindows(pool, connectors, { now, byAccount: false }),
    byAccount ? readRollupWindows(pool, connectors, { now, byAccount: true }) : Promise.resolve([]),
    readPending(pool, connectors, now),
    readDeadLetterCounts(pool, connectors),
    readCircuits(pool, connectors, now),
    Promise.all(connectors.map((c) => (options.queues ? readQueueDepths(options.queues, c) : Promise.resolve(null)))),
    Promise.all(connectors.map((c) => (options.rateLimits ? readRateLimitHeadroom(options.rateLimits, c) : Promise.resolve(null)))),
  ]);
  const last = new Map<string, Date>();
  for (const row of totals) if (row.window === '24h' && row.lastSuccessAt) last.set(row.connector, row.lastSuccessAt);
  for (const [connector, at] of await lastSuccesses(pool, connectors.filter((c) => !last.has(c)))) last.set(connector, at);
  return connectors.map((connector, i) => {
    const windows = emptyWindows();
    for (const row of totals) if (row.connector === connector) windows[row.window] = row.health;
    const lastSuccessAt = last.get(connector) ?? null;
    const connectorCircuits = circuits.get(connector) ?? [];
    const health: ConnectorHealth = {
      connector,
      windows,
      lastSuccessAt,
      sinceLastSuccessMs: lastSuccessAt ? Math.max(0, now.getTime() - lastSuccessAt.getTime()) : null,
      queue: { depth: null, inFlight: null, delayed: null, ...depths[i], dlq: deadLetters.get(connector) ?? 0, ...(pending.get(connector) ?? { pending: 0, oldestAgeMs: null }) },
      circuit: worstCircuitState(connectorCircuits),
      circuits: connectorCircuits,
      rateLimit: limits[i] ?? null,
    };
    if (byAccount) health.accounts = accountsOf(perAccount, connector);
    return health;
  });
}

export { HEALTH_WINDOWS, type HealthWindow, type WindowHealth };
