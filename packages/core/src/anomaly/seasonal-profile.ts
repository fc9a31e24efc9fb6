import { median, robustSpread } from './robust-statistics.js';

const HOUR_MS = 3_600_000;
const HOURS_PER_WEEK = 168;
// 1970-01-01 was a Thursday: shift so that hour-of-week 0 is Monday 00:00 UTC.
const EPOCH_HOUR_OF_WEEK = 72;

interface WeekOfHour {
  week: number;
  median: number;
  spread: number;
}

/** Hour of the week (0 = Monday 00:00–01:00 UTC) of a timestamp. */
export function hourOfWeek(at: number): number {
  return (Math.floor(at / HOUR_MS) + EPOCH_HOUR_OF_WEEK) % HOURS_PER_WEEK;
}

/**
 * The usual value of a metric for each hour of the week: each finished hour is summarised
 * (median, robust spread) and the last `maxWeeks` summaries of that hour-of-week are kept.
 * Memory stays at 168 × maxWeeks summaries however long it runs.
 */
export class SeasonalProfile {
  private readonly hours: WeekOfHour[][] = Array.from({ length: HOURS_PER_WEEK }, () => []);
  private currentHour: number | undefined;
  private current: number[] = [];

  constructor(
    private readonly minWeeks: number,
    private readonly maxWeeks: number,
  ) {}

  learn(at: number, value: number): void {
    const hour = Math.floor((at - 1) / HOUR_MS); // a sample ending at 10:00:00 belongs to 09:xx
    if (hour !== this.currentHour) this.closeHour(hour);
    this.current.push(value);
  }

  /** The baseline for the hour containing `at`, once that hour-of-week has enough weeks. */
  baseline(at: number): { center: number; spread: number } | undefined {
    const weeks = this.hours[hourOfWeek(at - 1)]!;
    if (weeks.length < this.minWeeks) return undefined;
    return { center: median(weeks.map((w) => w.median)), spread: median(weeks.map((w) => w.spread)) };
  }

  private closeHour(nextHour: number): void {
    // A handful of samples (a gap, a restart mid-hour) does not represent the hour.
    if (this.currentHour !== undefined && this.current.length >= 6) {
      const weeks = this.hours[(this.currentHour + EPOCH_HOUR_OF_WEEK) % HOURS_PER_WEEK]!;
      const week = Math.floor(this.currentHour / HOURS_PER_WEEK);
      const center = median(this.current);
      const summary = { week, median: center, spread: robustSpread(this.current, center) };
      if (weeks.at(-1)?.week === week) weeks[weeks.length - 1] = summary;
      else weeks.push(summary);
      if (weeks.length > this.maxWeeks) weeks.shift();
    }
    this.currentHour = nextHour;
    this.current = [];
  }
}
