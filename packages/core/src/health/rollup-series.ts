import type pg from 'pg';
import { gridIndex, type ChartGrid } from './chart-range.js';
import { LATENCY_BUCKET_COLUMNS } from './latency-buckets.js';
import { liveRollupsSql, readFoldMark } from './rollup-fold.js';

/** The counted columns of the rollups a chart reads, in their order here. */
export const SERIES_COUNTS = ['received', 'processed', 'failed_transient', 'failed_permanent', 'failed_data_format', 'quarantined', 'dead_lettered', 'throttled', 'calls', 'call_failures'] as const;
export type SeriesCount = (typeof SERIES_COUNTS)[number];

/** One connector's rollup sums per bucket of the grid: zero where no row exists (no traffic that minute). */
export interface RollupSeries {
  counts: Record<SeriesCount, number[]>;
  /** Per bucket, the latency histogram (lat_00..lat_35); only when asked. */
  buckets?: number[][];
}

export interface RollupSeriesOptions {
  connectors: readonly string[];
  /** Only this account's rows ('' for events without an account); omitted: every account summed. */
  account?: string | undefined;
  /** Also read the latency histograms (the connector page; the overview does without). */
  latency?: boolean;
  /** Only these counts (the others stay zero): less to sum over many rows. Default: all. */
  counts?: readonly SeriesCount[];
}

// One range scan of the (connector, minute) index (migration 0020) per connector: a connector's
// 24 h is its own 1,441 minutes x accounts, whatever the number of other connectors.
const seriesSql = (hourly: boolean, latency: boolean, counts: readonly SeriesCount[]) => {
  const column = hourly ? 'hour' : 'minute';
  return `
SELECT r.connector, (extract(epoch FROM r.${column}) * 1000)::float8 AS t,
  ${counts.map((c) => `sum(r.${c})::float8 AS ${c}`).join(', ')}
  ${latency ? `, ARRAY[${LATENCY_BUCKET_COLUMNS.map((c) => `sum(r.${c})`).join(', ')}]::float8[] AS buckets` : ''}
FROM ${liveRollupsSql(column, '$5')}
WHERE r.${column} >= $1 AND r.${column} <= $2 AND r.connector = ANY($3::text[]) AND ($4::text IS NULL OR r.account = $4)
GROUP BY r.connector, r.${column}`;
};

type Row = Record<SeriesCount, number> & { connector: string; t: number; buckets?: number[] };

function emptySeries(points: number, latency: boolean): RollupSeries {
  const counts = Object.fromEntries(SERIES_COUNTS.map((c) => [c, Array<number>(points).fill(0)])) as Record<SeriesCount, number[]>;
  return latency ? { counts, buckets: Array.from({ length: points }, () => Array<number>(LATENCY_BUCKET_COLUMNS.length).fill(0)) } : { counts };
}

/** Per connector, the rollup sums of every bucket of the grid (minute rows for 1 h / 24 h, hour rows for 7 d). */
export async function readRollupSeries(pool: Pick<pg.Pool, 'query'>, grid: ChartGrid, options: RollupSeriesOptions): Promise<Map<string, RollupSeries>> {
  const latency = options.latency ?? false;
  const counts = options.counts ?? SERIES_COUNTS;
  const { rows } = await pool.query<Row>(seriesSql(grid.stepMs >= 3_600_000, latency, counts), [grid.from, grid.to, options.connectors, options.account ?? null, await readFoldMark(pool)]);
  const result = new Map(options.connectors.map((c) => [c, emptySeries(grid.times.length, latency)]));
  for (const row of rows) {
    const series = result.get(row.connector);
    const i = gridIndex(grid, row.t);
    if (!series || i < 0) continue;
    for (const c of counts) series.counts[c][i] = row[c];
    if (series.buckets && row.buckets) series.buckets[i] = row.buckets;
  }
  return result;
}
