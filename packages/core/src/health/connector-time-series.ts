import type pg from 'pg';
import { readChartMarkers, type ChartMarker } from './chart-markers.js';
import { chartGrid, type ChartRange } from './chart-range.js';
import { readSampleSeries, type SampleSeries } from './health-samples.js';
import { percentileFromBuckets } from './latency-buckets.js';
import { readRollupSeries } from './rollup-series.js';

/** What the connector page charts over one range: one value per minute (per hour for 7 d), oldest first. */
export interface ConnectorTimeSeries {
  connector: string;
  account: string | null;
  range: ChartRange;
  stepMs: number;
  /** Start of every bucket, seconds since the epoch (what uPlot takes); the last is the current minute or hour. */
  t: number[];
  counts: {
    received: number[];
    processed: number[];
    failedTransient: number[];
    failedPermanent: number[];
    /** webhook.failed or .quarantined of class data_format. */
    failedDataFormat: number[];
    quarantined: number[];
    deadLettered: number[];
    /** Outbound calls held back by a rate limit or an open circuit. */
    throttled: number[];
  };
  /** Outbound call latency per bucket from the rollups' histogram (null: no call in it), ms. */
  latencyMs: { p50: (number | null)[]; p95: (number | null)[]; p99: (number | null)[] };
  /** Sampled figures (health_samples; per connector, whatever the account filter). */
  samples: SampleSeries;
  markers: ChartMarker[];
}

export interface ConnectorTimeSeriesOptions {
  range: ChartRange;
  /** One account's figures ('' for events without an account); omitted: all accounts. */
  account?: string | undefined;
  now?: Date;
}

// As the health model rounds them: a percentile interpolated in a log bucket is no finer than that.
const round = (v: number | null) => (v === null ? null : Math.round(v * 10) / 10);

/** The connector page's chart data: the rollups (no scan of events), the health samples and the markers, read in parallel. */
export async function connectorTimeSeries(pool: Pick<pg.Pool, 'query'>, connector: string, options: ConnectorTimeSeriesOptions): Promise<ConnectorTimeSeries> {
  const grid = chartGrid(options.range, options.now ?? new Date());
  const end = new Date(grid.to.getTime() + grid.stepMs);
  const [rollups, samples, markers] = await Promise.all([
    readRollupSeries(pool, grid, { connectors: [connector], account: options.account, latency: true }),
    readSampleSeries(pool, connector, grid),
    readChartMarkers(pool, connector, { from: grid.from, to: end, account: options.account }),
  ]);
  const series = rollups.get(connector);
  const counts = series?.counts;
  const buckets = series?.buckets ?? [];
  const percentile = (q: number) => buckets.map((b) => round(percentileFromBuckets(b, q)));
  const zeros = () => grid.times.map(() => 0);
  return {
    connector,
    account: options.account ?? null,
    range: grid.range,
    stepMs: grid.stepMs,
    t: grid.times.map((ms) => ms / 1000),
    counts: {
      received: counts?.received ?? zeros(),
      processed: counts?.processed ?? zeros(),
      failedTransient: counts?.failed_transient ?? zeros(),
      failedPermanent: counts?.failed_permanent ?? zeros(),
      failedDataFormat: counts?.failed_data_format ?? zeros(),
      quarantined: counts?.quarantined ?? zeros(),
      deadLettered: counts?.dead_lettered ?? zeros(),
      throttled: counts?.throttled ?? zeros(),
    },
    latencyMs: { p50: percentile(0.5), p95: percentile(0.95), p99: percentile(0.99) },
    samples,
    markers,
  };
}
