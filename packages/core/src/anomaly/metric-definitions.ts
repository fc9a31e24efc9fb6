import type { AnomalyDetectorOptions } from './anomaly-options.js';
import type { AnomalyMetric } from './anomaly-transition.js';
import type { MetricSample } from './metric-sample.js';

/** A metric's value over some samples, and the events behind it. */
export interface Reading {
  value: number;
  /** Attempts (error rate), timed calls (latency) or arrivals (throughput). */
  volume: number;
  /** Failed attempts (error rate only). */
  failures: number;
}

/** The evaluated window, and its newest interval alone (null when it had nothing to measure). */
export interface WindowReading {
  window: Reading;
  latest: Reading | null;
}

/** How one metric is read from samples and how far from the baseline chance alone can take it. */
export interface MetricDefinition {
  metric: AnomalyMetric;
  harmful: 'up' | 'down';
  /** Whether windows below the minimum volume still teach the baseline (a quiet hour is throughput data). */
  learnsQuietWindows: boolean;
  /** undefined when the window holds nothing to measure (no timed call for latency). */
  read(window: readonly MetricSample[], intervalMs: number): WindowReading | undefined;
  /**
   * The deviation in the harmful direction as judged by counting noise alone (and a change too
   * small to ever matter). The detector takes the smaller of this and the robust (MAD) deviation,
   * so a low-volume window with a MAD learned at high volume cannot look significant.
   */
  noiseDeviation(reading: Reading, center: number, seconds: number): number;
  /** Enough events that the value means something (judged, learned). */
  judgeable(reading: Reading, center: number, seconds: number, options: AnomalyDetectorOptions): boolean;
  /** Judgeable, and enough evidence for a breach. */
  breachable(reading: Reading, center: number, seconds: number, options: AnomalyDetectorOptions): boolean;
}

/**
 * Freeman–Tukey deviate of a count x against an expected λ: close to a standard normal even at
 * small counts, where (x − λ)/√λ wildly overstates (3 failures where 0.4 were expected is 4.1 "σ"
 * by the normal approximation, 2.1 here; the true tail is 0.8 %).
 */
export function countDeviation(x: number, expected: number): number {
  return Math.sqrt(x) + Math.sqrt(x + 1) - Math.sqrt(4 * expected + 1);
}

/** A clean connector's "usual" error rate is still taken as 0.5 %: one failure is not infinitely surprising. */
const ERROR_RATE_FLOOR = 0.005;

/** Relative standard error of a p95 × √n, with room for latencies more spread than log-normal σ = 0.5. */
const LATENCY_P95_ERROR = 1.5;

function sumWindow(window: readonly MetricSample[], pick: (s: MetricSample) => number): number {
  return window.reduce((sum, s) => sum + pick(s), 0);
}

const errorRate: MetricDefinition = {
  metric: 'error_rate',
  harmful: 'up',
  learnsQuietWindows: false,
  read(window) {
    const reading = (samples: readonly MetricSample[]): Reading | null => {
      const failures = sumWindow(samples, (s) => s.failed);
      const attempts = sumWindow(samples, (s) => s.succeeded + s.failed);
      return attempts === 0 ? null : { value: failures / attempts, volume: attempts, failures };
    };
    return { window: reading(window) ?? { value: 0, volume: 0, failures: 0 }, latest: reading(window.slice(-1)) };
  },
  noiseDeviation: (r, center) => countDeviation(r.failures, r.volume * Math.max(center, ERROR_RATE_FLOOR)),
  judgeable: (r, _center, _seconds, options) => r.volume >= options.minVolume,
  breachable: (r, _center, _seconds, options) => r.volume >= options.minVolume && r.failures >= options.minFailures,
};

const latencyP95: MetricDefinition = {
  metric: 'latency_p95',
  harmful: 'up',
  learnsQuietWindows: false,
  read(window) {
    // Weighted by timed calls: a true pooled p95 needs the raw latencies, which a sample does not carry.
    let weighted = 0;
    let calls = 0;
    for (const s of window) {
      if (s.latencyP95Ms === null || s.succeeded === 0) continue;
      weighted += s.latencyP95Ms * s.succeeded;
      calls += s.succeeded;
    }
    if (calls === 0) return undefined;
    const last = window.at(-1)!;
    const latest = last.latencyP95Ms === null || last.succeeded === 0 ? null : { value: last.latencyP95Ms, volume: last.succeeded, failures: 0 };
    return { window: { value: weighted / calls, volume: calls, failures: 0 }, latest };
  },
  // The standard error of a p95 estimated from n calls is about 1/√n of it for a log-normal
  // spread of 0.5 (σ·√(0.95·0.05)/φ(1.645) ≈ 1.06); a p95 moving by 10 % (or 5 ms) is never news.
  noiseDeviation: (r, center) => (r.value - center) / Math.max(center * Math.max(0.1, LATENCY_P95_ERROR / Math.sqrt(r.volume)), 5),
  judgeable: (r, _center, _seconds, options) => r.volume >= options.minVolume,
  breachable: (r, _center, _seconds, options) => r.volume >= options.minVolume,
};

const throughput: MetricDefinition = {
  metric: 'throughput',
  harmful: 'down',
  learnsQuietWindows: true,
  read(window, intervalMs) {
    const reading = (samples: readonly MetricSample[]): Reading => {
      const received = sumWindow(samples, (s) => s.received);
      return { value: received / ((samples.length * intervalMs) / 1000), volume: received, failures: 0 };
    };
    return { window: reading(window), latest: reading(window.slice(-1)) };
  },
  // Poisson noise of the count, and ±10 % that traffic always wanders by.
  noiseDeviation: (r, center, seconds) => Math.min(-countDeviation(r.volume, center * seconds), center > 0 ? (center - r.value) / (0.1 * center) : 0),
  // The baseline decides: a drop to zero is judged because the connector is normally busy.
  judgeable: (_r, center, seconds, options) => center * seconds >= options.minVolume,
  breachable: (_r, center, seconds, options) => center * seconds >= options.minVolume,
};

export const METRIC_DEFINITIONS: readonly MetricDefinition[] = [errorRate, latencyP95, throughput];
