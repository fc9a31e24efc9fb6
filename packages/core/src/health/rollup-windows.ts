import type pg from 'pg';
import { LATENCY_BUCKET_COLUMNS, percentileFromBuckets } from './latency-buckets.js';
import { liveRollupsSql, readFoldMark } from './rollup-fold.js';

export const HEALTH_WINDOWS = { '5m': 5, '1h': 60, '24h': 1440 } as const;
export type HealthWindow = keyof typeof HEALTH_WINDOWS;

export interface WindowHealth {
  received: number;
  processed: number;
  /** webhook.failed by class; dataFormat also counts quarantines (all are of class data_format). */
  failed: { transient: number; permanent: number; dataFormat: number };
  quarantined: number;
  deadLettered: number;
  /** Outbound calls held back by a rate limit or an open circuit (action.throttled). */
  throttled: number;
  /** processed / (processed + dead-lettered + quarantined); null when nothing finished. */
  successRate: number | null;
  /** Outbound action calls (succeeded + failed) and how many failed. */
  calls: number;
  callFailures: number;
  /** Outbound action latency (succeeded and failed calls), ms, from the log-spaced histogram. */
  latencyMs: { p50: number | null; p95: number | null; p99: number | null };
}

/** Rollup sums of one connector (or connector + account) over one window. */
export interface WindowRow {
  window: HealthWindow;
  connector: string;
  account: string | null;
  health: WindowHealth;
  lastSuccessAt: Date | null;
}

const SUMS = ['received', 'processed', 'failed_transient', 'failed_permanent', 'failed_data_format', 'quarantined', 'dead_lettered', 'throttled', 'calls', 'call_failures'] as const;
type SumColumn = (typeof SUMS)[number];

const sums = (byAccount: boolean) => `r.connector, ${byAccount ? 'r.account' : 'NULL::text AS account'},
  ${SUMS.map((c) => `sum(r.${c})::float8 AS ${c}`).join(', ')},
  ARRAY[${LATENCY_BUCKET_COLUMNS.map((c) => `sum(r.${c})`).join(', ')}]::float8[] AS buckets,
  max(r.last_success_at) AS last_success_at`;

// 5 m and 1 h from minute rows (each row joins the windows it falls in: one range scan of the
// primary key, minute first), 24 h from hour rows: at most 61 + 25 rows per connector and account.
const windowSql = (byAccount: boolean) => `
SELECT w.name AS window, ${sums(byAccount)}
FROM ${liveRollupsSql('minute', '$5')} JOIN (VALUES ('5m', $1::timestamptz), ('1h', $2::timestamptz)) AS w(name, since) ON r.minute >= w.since
WHERE r.minute >= $2 AND r.connector = ANY($4::text[])
GROUP BY w.name, r.connector${byAccount ? ', r.account' : ''}
UNION ALL
SELECT '24h', ${sums(byAccount)}
FROM ${liveRollupsSql('hour', '$5')}
WHERE r.hour >= $3 AND r.connector = ANY($4::text[])
GROUP BY r.connector${byAccount ? ', r.account' : ''}`;

type Row = Record<SumColumn, number> & { window: HealthWindow; connector: string; account: string | null; buckets: number[]; last_success_at: Date | null };

/**
 * Where a window starts. Windows are whole rollup rows: "5m" is the current minute and the five
 * before it (5 to 6 minutes of events), "1h" the current minute and the 60 before, "24h" the
 * current hour and the 24 before (24 to 25 hours). The direct-count test uses the same boundaries.
 */
export function windowStart(window: HealthWindow, now: Date): Date {
  const unitMs = window === '24h' ? 3_600_000 : 60_000;
  const start = Math.floor(now.getTime() / unitMs) * unitMs;
  return new Date(start - HEALTH_WINDOWS[window] * 60_000);
}

export function emptyWindow(): WindowHealth {
  return {
    received: 0,
    processed: 0,
    failed: { transient: 0, permanent: 0, dataFormat: 0 },
    quarantined: 0,
    deadLettered: 0,
    throttled: 0,
    successRate: null,
    calls: 0,
    callFailures: 0,
    latencyMs: { p50: null, p95: null, p99: null },
  };
}

function toWindow(row: Row): WindowHealth {
  const finished = row.processed + row.dead_lettered + row.quarantined;
  const p = (q: number) => {
    const v = percentileFromBuckets(row.buckets, q);
    return v === null ? null : Math.round(v);
  };
  return {
    received: row.received,
    processed: row.processed,
    failed: { transient: row.failed_transient, permanent: row.failed_permanent, dataFormat: row.failed_data_format },
    quarantined: row.quarantined,
    deadLettered: row.dead_lettered,
    throttled: row.throttled,
    successRate: finished === 0 ? null : row.processed / finished,
    calls: row.calls,
    callFailures: row.call_failures,
    latencyMs: { p50: p(0.5), p95: p(0.95), p99: p(0.99) },
  };
}

/** Sums of the rollups over every window, per connector, or per connector and account. */
export async function readRollupWindows(pool: Pick<pg.Pool, 'query'>, connectors: readonly string[], { now, byAccount }: { now: Date; byAccount: boolean }): Promise<WindowRow[]> {
  const params = [windowStart('5m', now), windowStart('1h', now), windowStart('24h', now), connectors, await readFoldMark(pool)];
  const { rows } = await pool.query<Row>(windowSql(byAccount), params);
  return rows.map((row) => ({ window: row.window, connector: row.connector, account: row.account, health: toWindow(row), lastSuccessAt: row.last_success_at }));
}
