/**
 * Refused requests per source in a sliding window (two fixed windows, the previous one weighted
 * by how much of it still overlaps the sliding one), in memory and bounded: past `maxSources`
 * the least recently refused source is forgotten first.
 */
export class RefusalCounter {
  private readonly sources = new Map<string, { windowStart: number; current: number; previous: number }>();

  constructor(
    private readonly options: { limit: number; windowMs: number; maxSources?: number; now?: () => number },
  ) {}

  /** True when no source has a refused request counted (none can be over the limit). */
  get empty(): boolean {
    return this.sources.size === 0;
  }

  /** Counts one refused request of `key`. */
  record(key: string): void {
    const now = this.now();
    const entry = this.roll(key, now) ?? { windowStart: now - (now % this.options.windowMs), current: 0, previous: 0 };
    entry.current += 1;
    this.sources.delete(key);
    this.sources.set(key, entry);
    if (this.sources.size > (this.options.maxSources ?? 100_000)) this.sources.delete(this.sources.keys().next().value as string);
  }

  /** Seconds until `key` may be heard again, or 0 when it is under the limit. */
  retryAfterSeconds(key: string): number {
    const now = this.now();
    const entry = this.roll(key, now);
    if (!entry) return 0;
    const { limit, windowMs } = this.options;
    const elapsed = (now - entry.windowStart) / windowMs;
    if (entry.previous * (1 - elapsed) + entry.current < limit) return 0;
    // Under the limit again once the weighted previous window has shrunk enough: in this window
    // while this window's own count is below the limit, otherwise in the next one.
    const untilMs =
      entry.current < limit && entry.previous > 0
        ? (1 - (limit - entry.current) / entry.previous - elapsed) * windowMs
        : (1 - elapsed) * windowMs + (1 - limit / entry.current) * windowMs;
    return Math.max(1, Math.ceil(untilMs / 1000));
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }

  /** The entry moved to the window `now` falls in (or undefined when it has nothing left to count). */
  private roll(key: string, now: number) {
    const entry = this.sources.get(key);
    if (!entry) return undefined;
    const { windowMs } = this.options;
    const windowStart = now - (now % windowMs);
    if (windowStart === entry.windowStart) return entry;
    const previous = windowStart - entry.windowStart === windowMs ? entry.current : 0;
    if (previous === 0) {
      this.sources.delete(key);
      return undefined;
    }
    Object.assign(entry, { windowStart, current: 0, previous });
    return entry;
  }
}
