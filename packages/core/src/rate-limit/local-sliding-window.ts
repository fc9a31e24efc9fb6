/** The per-process fallback when Redis is unreachable: the same sliding window, in memory. */
export class LocalSlidingWindow {
  private readonly windows = new Map<string, number[]>();
  private readonly blocks = new Map<string, number>();

  acquire(key: string, limit: number, windowMs: number, nowMs: number): number {
    const blockedUntil = this.blocks.get(key) ?? 0;
    if (blockedUntil > nowMs) return blockedUntil - nowMs;
    const times = (this.windows.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    if (times.length < limit) {
      times.push(nowMs);
      this.windows.set(key, times);
      return 0;
    }
    this.windows.set(key, times);
    return (times[0] as number) + windowMs - nowMs + 1;
  }

  /**
   * Calls admitted locally within the last window: after Redis returns they still count, since a
   * fresh (or restarted) Redis window has not seen them. Also says when the oldest expires.
   */
  recent(key: string, windowMs: number, nowMs: number): { count: number; oldestExpiresInMs: number } {
    const times = (this.windows.get(key) ?? []).filter((t) => t > nowMs - windowMs);
    if (times.length === 0) this.windows.delete(key);
    else this.windows.set(key, times);
    return { count: times.length, oldestExpiresInMs: times.length > 0 ? (times[0] as number) + windowMs - nowMs + 1 : 0 };
  }

  blockedFor(key: string, nowMs: number): number {
    return Math.max(0, (this.blocks.get(key) ?? 0) - nowMs);
  }

  block(key: string, untilMs: number): void {
    this.blocks.set(key, Math.max(untilMs, this.blocks.get(key) ?? 0));
  }
}
