import type pg from 'pg';
import { gridIndex, type ChartGrid } from './chart-range.js';
import type { CircuitState } from './circuit-health.js';

/** One connector's figures at one sampling slot (table health_samples, migration 0020). */
export interface HealthSample {
  connector: string;
  /** Start of the sampling slot. */
  sampledAt: Date;
  queueVisible: number | null;
  queueInFlight: number | null;
  queueDelayed: number | null;
  pending: number;
  oldestAgeMs: number | null;
  headroom: number | null;
  headroomLimit: number | null;
  circuit: CircuitState;
}

/** Inserts samples; a slot a connector already has (another worker sampled it) is left as it is. */
export async function writeHealthSamples(pool: Pick<pg.Pool, 'query'>, samples: readonly HealthSample[]): Promise<number> {
  if (samples.length === 0) return 0;
  const { rowCount } = await pool.query(
    `INSERT INTO health_samples (connector, sampled_at, queue_visible, queue_in_flight, queue_delayed, pending, oldest_age_ms, headroom, headroom_limit, circuit)
     SELECT * FROM unnest($1::text[], $2::timestamptz[], $3::int[], $4::int[], $5::int[], $6::int[], $7::bigint[], $8::int[], $9::int[], $10::text[])
     ON CONFLICT (connector, sampled_at) DO NOTHING`,
    [
      samples.map((s) => s.connector),
      samples.map((s) => s.sampledAt),
      samples.map((s) => s.queueVisible),
      samples.map((s) => s.queueInFlight),
      samples.map((s) => s.queueDelayed),
      samples.map((s) => s.pending),
      samples.map((s) => s.oldestAgeMs),
      samples.map((s) => s.headroom),
      samples.map((s) => s.headroomLimit),
      samples.map((s) => s.circuit),
    ],
  );
  return rowCount ?? 0;
}

/** Per bucket of the grid: the most that waited, the least headroom, the worst circuit state; null where no sample fell. */
export interface SampleSeries {
  queueVisible: (number | null)[];
  queueInFlight: (number | null)[];
  queueDelayed: (number | null)[];
  pending: (number | null)[];
  oldestAgeMs: (number | null)[];
  headroom: (number | null)[];
  headroomLimit: number | null;
  circuit: (CircuitState | null)[];
}

const CIRCUIT_BY_RANK: CircuitState[] = ['closed', 'half_open', 'open'];

type Row = { t: number; queue_visible: number | null; queue_in_flight: number | null; queue_delayed: number | null; pending: number; oldest_age_ms: number | null; headroom: number | null; headroom_limit: number | null; circuit: number };

/** A connector's samples in the grid's range, one value per bucket (one range scan of the primary key). */
export async function readSampleSeries(pool: Pick<pg.Pool, 'query'>, connector: string, grid: ChartGrid): Promise<SampleSeries> {
  const { rows } = await pool.query<Row>(
    `SELECT (extract(epoch FROM date_trunc($4, sampled_at)) * 1000)::float8 AS t,
       max(queue_visible) AS queue_visible, max(queue_in_flight) AS queue_in_flight, max(queue_delayed) AS queue_delayed,
       max(pending) AS pending, max(oldest_age_ms)::float8 AS oldest_age_ms, min(headroom) AS headroom, max(headroom_limit) AS headroom_limit,
       max(CASE circuit WHEN 'open' THEN 2 WHEN 'half_open' THEN 1 ELSE 0 END) AS circuit
     FROM health_samples WHERE connector = $1 AND sampled_at >= $2 AND sampled_at < $3
     GROUP BY 1`,
    [connector, grid.from, new Date(grid.to.getTime() + grid.stepMs), grid.stepMs >= 3_600_000 ? 'hour' : 'minute'],
  );
  const n = grid.times.length;
  const empty = () => Array<number | null>(n).fill(null);
  const series: SampleSeries = { queueVisible: empty(), queueInFlight: empty(), queueDelayed: empty(), pending: empty(), oldestAgeMs: empty(), headroom: empty(), headroomLimit: null, circuit: Array<CircuitState | null>(n).fill(null) };
  for (const row of rows) {
    const i = gridIndex(grid, row.t);
    if (i < 0) continue;
    series.queueVisible[i] = row.queue_visible;
    series.queueInFlight[i] = row.queue_in_flight;
    series.queueDelayed[i] = row.queue_delayed;
    series.pending[i] = row.pending;
    series.oldestAgeMs[i] = row.oldest_age_ms;
    series.headroom[i] = row.headroom;
    series.circuit[i] = CIRCUIT_BY_RANK[row.circuit] ?? null;
    if (row.headroom_limit !== null) series.headroomLimit = row.headroom_limit;
  }
  return series;
}

/** The 7 d chart and a day of margin. */
export const HEALTH_SAMPLE_RETENTION_MS = 8 * 86_400_000;

/** Deletes (or, in a dry run, counts) samples past their retention; run by retention. */
export async function pruneHealthSamples(pool: Pick<pg.Pool, 'query'>, { now = new Date(), dryRun = false, retentionMs = HEALTH_SAMPLE_RETENTION_MS }: { now?: Date; dryRun?: boolean; retentionMs?: number } = {}): Promise<number> {
  const before = new Date(now.getTime() - retentionMs);
  if (!dryRun) return (await pool.query('DELETE FROM health_samples WHERE sampled_at < $1', [before])).rowCount ?? 0;
  return (await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM health_samples WHERE sampled_at < $1', [before])).rows[0]?.n ?? 0;
}
