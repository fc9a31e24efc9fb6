/** The metrics watched per connector, each with the direction that hurts. */
export const ANOMALY_METRICS = {
  error_rate: 'up',
  latency_p95: 'up',
  throughput: 'down',
} as const;
export type AnomalyMetric = keyof typeof ANOMALY_METRICS;

export type AnomalySeverity = 'warning' | 'critical';

/** One evaluated sample: the windowed value and how far it was from the baseline. */
export interface EvidencePoint {
  at: number;
  value: number;
  baseline: number;
  /** Robust deviations in the harmful direction (negative = better than usual). */
  deviation: number;
}

/** An anomaly starting or ending on one connector's metric. */
export interface AnomalyTransition {
  kind: 'anomaly';
  state: 'raised' | 'resolved';
  connector: string;
  metric: AnomalyMetric;
  severity: AnomalySeverity;
  /** Time of the sample that decided the transition. */
  at: number;
  evidence: {
    /** Error rate as a fraction, latency in ms, throughput in events/s. */
    value: number;
    baseline: number;
    deviation: number;
    /** Where the baseline came from: the same hour of past weeks, or the recent past. */
    baselineSource: 'seasonal' | 'rolling';
    /** Events behind the value (attempts, timed calls, or expected arrivals). */
    volume: number;
    /** The consecutive samples that decided it, oldest first. */
    samples: EvidencePoint[];
  };
}
