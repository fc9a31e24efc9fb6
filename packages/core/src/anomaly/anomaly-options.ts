/**
 * Thresholds of the anomaly detector. Defaults were chosen by measurement on synthetic traffic
 * (`npm run bench:anomaly`, docs/anomaly-detection.md): on a busy connector (8–30 events/s) each
 * fault is raised in ≤ 41 s, with zero false alerts over 24 h × 40 seeds; 3 deviations gave false
 * alerts, 4 missed error spikes at night.
 */
export interface AnomalyDetectorOptions {
  /** Length of one sample's interval. */
  intervalMs: number;
  /** Samples pooled into one evaluated value (3 × 10 s): more volume per decision, less noise. */
  windowSamples: number;
  /** A window breaches when it is this many robust deviations from the baseline in the harmful direction. */
  breachDeviations: number;
  /**
   * The newest interval alone must also be this many deviations out (its noise scaled by
   * √windowSamples): one bad interval then cannot make several overlapping windows breach.
   */
  confirmDeviations: number;
  /** Consecutive breaching samples before an anomaly is raised. */
  raiseAfter: number;
  /** A sample counts as normal again below this many deviations (hysteresis). */
  normalDeviations: number;
  /** Consecutive normal samples before a raised anomaly is resolved. */
  resolveAfter: number;
  /**
   * Events a window needs before it can breach: attempts for the error rate, timed calls for
   * latency, and expected arrivals (the baseline) for throughput, so a quiet connector never alerts.
   */
  minVolume: number;
  /** Failed attempts a window needs before the error rate can breach. */
  minFailures: number;
  /** Samples in the rolling median/MAD window (180 × 10 s = 30 min). */
  baselineSamples: number;
  /** Span of the EWMA that tracks the baseline's level, in samples (α = 2 / (span + 1)). */
  ewmaSpan: number;
  /** Samples the rolling baseline needs before anything is judged against it. */
  minHistorySamples: number;
  /** Weeks of the same hour-of-week needed before that hour's seasonal baseline replaces the rolling one. */
  seasonalMinWeeks: number;
  /** Weeks of each hour-of-week kept for the seasonal baseline. */
  seasonalMaxWeeks: number;
  /** Severity is critical when the value is this many times worse than the baseline. */
  criticalRatio: number;
}

export const DEFAULT_ANOMALY_OPTIONS: AnomalyDetectorOptions = {
  intervalMs: 10_000,
  windowSamples: 3,
  breachDeviations: 3.5,
  confirmDeviations: 1,
  raiseAfter: 3,
  normalDeviations: 2,
  resolveAfter: 6,
  minVolume: 20,
  minFailures: 3,
  baselineSamples: 180,
  ewmaSpan: 30,
  minHistorySamples: 30,
  seasonalMinWeeks: 2,
  seasonalMaxWeeks: 4,
  criticalRatio: 4,
};
