import type pg from 'pg';
import { chartGrid, type ChartRange } from './chart-range.js';
import { readRollupSeries } from './rollup-series.js';

/** The overview's small multiples: per connector, webhooks received and success rate per bucket, on one shared time axis. */
export interface OverviewTimeSeries {
  range: ChartRange;
  stepMs: number;
  /** Start of every bucket, seconds since the epoch, shared by every connector. */
  t: number[];
  connectors: Record<string, { received: number[]; /** processed / (processed + dead-lettered + quarantined), null when nothing finished. */ successRate: (number | null)[] }>;
}

/** One query of the rollups for every connector (no scan of events). */
export async function overviewTimeSeries(pool: Pick<pg.Pool, 'query'>, connectors: readonly string[], { range, now = new Date() }: { range: ChartRange; now?: Date }): Promise<OverviewTimeSeries> {
  const grid = chartGrid(range, now);
  const series = await readRollupSeries(pool, grid, { connectors, counts: ['received', 'processed', 'quarantined', 'dead_lettered'] });
  const result: OverviewTimeSeries['connectors'] = {};
  for (const [connector, { counts }] of series) {
    result[connector] = {
      received: counts.received,
      successRate: counts.processed.map((processed, i) => {
        const finished = processed + (counts.dead_lettered[i] ?? 0) + (counts.quarantined[i] ?? 0);
        return finished === 0 ? null : processed / finished;
      }),
    };
  }
  return { range: grid.range, stepMs: grid.stepMs, t: grid.times.map((ms) => ms / 1000), connectors: result };
}
