import type { MetricSample } from './metric-sample.js';

export interface ConnectorSample {
  connector: string;
  sample: MetricSample;
}

/**
 * Where the detection runner reads traffic from. One sample per connector and interval of
 * `intervalMs` in [fromMs, toMs), interval-aligned; intervals without traffic may be left out
 * (the runner fills them with zeros for connectors it knows).
 */
export interface MetricSource {
  read(fromMs: number, toMs: number, intervalMs: number): Promise<ConnectorSample[]>;
}
