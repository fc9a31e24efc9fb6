import { DEFAULT_ANOMALY_OPTIONS, type AnomalyDetectorOptions } from './anomaly-options.js';
import type { AnomalyMetric, AnomalyTransition } from './anomaly-transition.js';
import { METRIC_DEFINITIONS } from './metric-definitions.js';
import type { MetricSample } from './metric-sample.js';
import { MetricTracker } from './metric-tracker.js';

interface ConnectorState {
  recent: MetricSample[];
  trackers: MetricTracker[];
}

/**
 * Anomaly detection for every connector and metric (error rate, p95 latency, throughput), fed
 * one sample per connector and interval. Pure and deterministic: time is the samples' own `at`,
 * so a simulated clock replays a day in a second and the same input always gives the same alerts.
 */
export class AnomalyDetector {
  readonly options: AnomalyDetectorOptions;
  private readonly connectors = new Map<string, ConnectorState>();

  constructor(options: Partial<AnomalyDetectorOptions> = {}) {
    this.options = { ...DEFAULT_ANOMALY_OPTIONS, ...options };
  }

  /** Feeds one interval of one connector (in time order); returns the anomalies it raised or resolved. */
  observe(connector: string, sample: MetricSample): AnomalyTransition[] {
    const state = this.state(connector);
    state.recent.push(sample);
    if (state.recent.length > this.options.windowSamples) state.recent.shift();
    const transitions: AnomalyTransition[] = [];
    METRIC_DEFINITIONS.forEach((definition, i) => {
      const transition = state.trackers[i]!.observe(sample.at, definition.read(state.recent, this.options.intervalMs));
      if (transition) transitions.push(transition);
    });
    return transitions;
  }

  /** The metrics currently raised, per connector. */
  raised(): { connector: string; metric: AnomalyMetric }[] {
    const open: { connector: string; metric: AnomalyMetric }[] = [];
    for (const [connector, state] of this.connectors) {
      METRIC_DEFINITIONS.forEach((d, i) => {
        if (state.trackers[i]!.isRaised) open.push({ connector, metric: d.metric });
      });
    }
    return open;
  }

  private state(connector: string): ConnectorState {
    let state = this.connectors.get(connector);
    if (!state) {
      state = { recent: [], trackers: METRIC_DEFINITIONS.map((d) => new MetricTracker(connector, d, this.options)) };
      this.connectors.set(connector, state);
    }
    return state;
  }
}
