import { median, robustSpread } from './robust-statistics.js';

// Sorting the whole window on every sample would dominate the cost of a 3-week replay; the
// median and spread of a 30-minute window barely move within a minute.
const REFRESH_EVERY = 6;

/**
 * The recent past of one metric: an EWMA for the level (fast to follow a daily curve), and a
 * rolling median/MAD for the spread and for clipping what the EWMA learns, so a breach that
 * has not yet become an alert cannot drag the level towards itself.
 */
export class RollingBaseline {
  private readonly values: number[] = [];
  private next = 0;
  private learned = 0;
  private ewma: number | undefined;
  private med = 0;
  private spread = 0;

  constructor(
    private readonly size: number,
    ewmaSpan: number,
    private readonly alpha = 2 / (ewmaSpan + 1),
  ) {}

  get count(): number {
    return this.learned;
  }

  /** The level (EWMA), or undefined before the first value. */
  get level(): number | undefined {
    return this.ewma;
  }

  get median(): number {
    return this.med;
  }

  /** 1.4826 × MAD of the window. */
  get robustSpread(): number {
    return this.spread;
  }

  /** Adds a value; the EWMA takes it clipped to [low, high]. */
  learn(value: number, low = -Infinity, high = Infinity): void {
    if (this.values.length < this.size) this.values.push(value);
    else this.values[this.next] = value;
    this.next = (this.next + 1) % this.size;
    this.learned += 1;
    const clipped = Math.min(high, Math.max(low, value));
    this.ewma = this.ewma === undefined ? value : this.ewma + this.alpha * (clipped - this.ewma);
    if (this.learned <= REFRESH_EVERY * 2 || this.learned % REFRESH_EVERY === 0) {
      this.med = median(this.values);
      this.spread = robustSpread(this.values, this.med);
    }
  }
}
