/**
 * The ranges the console charts: 1 h and 24 h per minute (event_rollups), 7 d per hour
 * (event_rollups_hourly). The minute rows are kept 2 days by retention, the hour rows 90 days.
 */
export const CHART_RANGES = {
  '1h': { stepMs: 60_000, steps: 60 },
  '24h': { stepMs: 60_000, steps: 1_440 },
  '7d': { stepMs: 3_600_000, steps: 168 },
} as const;
export type ChartRange = keyof typeof CHART_RANGES;
export const CHART_RANGE_NAMES = Object.keys(CHART_RANGES) as ChartRange[];

export interface ChartGrid {
  range: ChartRange;
  stepMs: number;
  /** Start of the first bucket and of the last (the current, still filling, minute or hour). */
  from: Date;
  to: Date;
  /** Start of every bucket, ms since the epoch, oldest first: steps + 1 of them. */
  times: number[];
}

/** The buckets of a range ending with the one `now` falls in (the same whole-row boundaries as the health windows). */
export function chartGrid(range: ChartRange, now: Date): ChartGrid {
  const { stepMs, steps } = CHART_RANGES[range];
  const last = Math.floor(now.getTime() / stepMs) * stepMs;
  const first = last - steps * stepMs;
  const times = Array.from({ length: steps + 1 }, (_, i) => first + i * stepMs);
  return { range, stepMs, from: new Date(first), to: new Date(last), times };
}

/** Index of a bucket start in the grid, or -1 when outside it. */
export function gridIndex(grid: ChartGrid, at: number): number {
  const i = Math.round((at - grid.from.getTime()) / grid.stepMs);
  return i >= 0 && i < grid.times.length ? i : -1;
}
