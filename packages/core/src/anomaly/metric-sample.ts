/** What one connector did during one interval (e.g. a 10 s bucket). */
export interface MetricSample {
  /** End of the interval, ms since the epoch (the detector's clock: never read from the machine). */
  at: number;
  /** Webhooks received in the interval. */
  received: number;
  /** Processing attempts that succeeded in the interval. */
  succeeded: number;
  /** Processing attempts that failed in the interval (any class). */
  failed: number;
  /** p95 of outbound call latency in the interval, ms; null when no call finished. */
  latencyP95Ms: number | null;
}

/** A sample for an interval without any traffic (a silent connector is data, not a gap). */
export function emptySample(at: number): MetricSample {
  return { at, received: 0, succeeded: 0, failed: 0, latencyP95Ms: null };
}
