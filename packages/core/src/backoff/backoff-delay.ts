/** The shape of an exponential backoff, in p-retry's vocabulary (minTimeout → baseDelayMs, maxTimeout → maxDelayMs). */
export interface Backoff {
  /** The ceiling of the first attempt's delay. */
  baseDelayMs: number;
  /** No ceiling grows past this. */
  maxDelayMs: number;
  /** Ceiling growth per attempt (default 2). */
  factor?: number;
}

export interface BackoffDraw {
  /** The delay is never shorter than this (a Retry-After, a poll interval). */
  floorMs?: number | undefined;
  /** Jitter source in [0, 1) (tests pin it). */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter (AWS architecture blog "Exponential Backoff And Jitter"):
 * uniform in [0, min(maxDelayMs, baseDelayMs · factor^(attempt−1))], never under `floorMs`. The
 * jitter spreads the retries of many callers that failed together (a queue, Slack, a provider
 * coming back), so they do not return in step. An attempt of 0 or less counts as the first.
 */
export function backoffDelayMs(attempt: number, backoff: Backoff, { floorMs = 0, random = Math.random }: BackoffDraw = {}): number {
  const ceiling = Math.min(backoff.maxDelayMs, backoff.baseDelayMs * (backoff.factor ?? 2) ** Math.max(0, attempt - 1));
  return Math.max(floorMs, Math.round(random() * ceiling));
}
