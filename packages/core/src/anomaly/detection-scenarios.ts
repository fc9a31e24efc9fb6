import { AnomalyDetector } from './anomaly-detector.js';
import type { AnomalyDetectorOptions } from './anomaly-options.js';
import type { AnomalyMetric, AnomalyTransition } from './anomaly-transition.js';
import { replayTraffic } from './replay-traffic.js';
import { SeededRandom } from './seeded-random.js';
import { BUSY_CONNECTOR, SyntheticTraffic, type TrafficFault, type TrafficProfile } from './synthetic-traffic.js';

const HOUR_MS = 3_600_000;
/** Monday 2026-01-05 00:00 UTC: scenarios start in a week of their own. */
export const SCENARIO_WEEK_MS = Date.UTC(2026, 0, 5);

export const METRIC_OF_FAULT: Record<TrafficFault['kind'], AnomalyMetric> = { error_rate: 'error_rate', latency: 'latency_p95', throughput: 'throughput' };

export interface DetectionRun {
  seed: number;
  onsetMs: number;
  /** From the onset to the sample that raised the fault's metric; null when not raised. */
  delayMs: number | null;
  /** Anomalies raised before the onset. */
  falseAlerts: number;
  transitions: AnomalyTransition[];
}

export interface ScenarioOptions {
  seed: number;
  fault: Pick<TrafficFault, 'kind' | 'factor'>;
  profile?: TrafficProfile;
  detector?: Partial<AnomalyDetectorOptions>;
  /** History before the onset (the detector starts cold). */
  warmUpMs?: number;
  /** How long after the onset to wait for the alert. */
  observeMs?: number;
}

/**
 * A fault starting at a random moment of a random day of the week (seeded: not aligned with
 * an interval), after `warmUpMs` of normal traffic. Measures how long until it is raised.
 */
export function measureDetection(scenario: ScenarioOptions): DetectionRun {
  const { seed, fault, profile = BUSY_CONNECTOR, warmUpMs = 2 * HOUR_MS, observeMs = 10 * 60_000 } = scenario;
  const detector = new AnomalyDetector(scenario.detector);
  const { intervalMs } = detector.options;
  const random = new SeededRandom(seed ^ 0x5eed);
  const onsetMs = SCENARIO_WEEK_MS + 7 * 24 * HOUR_MS + Math.floor(random.next() * 7 * 24 * HOUR_MS);
  const startMs = Math.floor((onsetMs - warmUpMs) / intervalMs) * intervalMs;
  const traffic = new SyntheticTraffic(profile, seed, [{ ...fault, fromMs: onsetMs }]);
  const metric = METRIC_OF_FAULT[fault.kind];
  const transitions = replayTraffic(detector, 'synthetic', traffic, startMs, onsetMs + observeMs, (t) => t.state === 'raised' && t.metric === metric && t.at >= onsetMs);
  const hit = transitions.find((t) => t.state === 'raised' && t.metric === metric && t.at >= onsetMs);
  return {
    seed,
    onsetMs,
    delayMs: hit ? hit.at - onsetMs : null,
    falseAlerts: transitions.filter((t) => t.state === 'raised' && t.at < onsetMs).length,
    transitions,
  };
}

/** Anomalies raised over `durationMs` of normal traffic from a cold start (every one is false). */
export function countFalseAlerts(seed: number, durationMs = 24 * HOUR_MS, profile: TrafficProfile = BUSY_CONNECTOR, options?: Partial<AnomalyDetectorOptions>): AnomalyTransition[] {
  const detector = new AnomalyDetector(options);
  const random = new SeededRandom(seed ^ 0xfa15e);
  const startMs = SCENARIO_WEEK_MS + Math.floor(random.next() * 7 * 24) * HOUR_MS;
  const transitions = replayTraffic(detector, 'synthetic', new SyntheticTraffic(profile, seed), startMs, startMs + durationMs);
  return transitions.filter((t) => t.state === 'raised');
}
