import { AggregatorRegistry } from 'prom-client';
import type { HubMetrics } from './hub-metrics.js';
import type { MetricsSource } from './serve-metrics.js';

/**
 * In a node:cluster worker: hand this process's metrics to the primary, which serves /metrics
 * for all of them (workers listening on the metrics port themselves would share it, and a
 * scrape would see whichever worker the connection landed on).
 */
export function shareMetricsWithPrimary(metrics: HubMetrics): void {
  AggregatorRegistry.setRegistries([metrics.registry]);
  // Constructing one is what makes a worker answer the primary's requests (prom-client adds its listener then).
  new AggregatorRegistry();
}

/** In the primary: every worker's metrics, counters and histograms summed (prom-client's cluster aggregation). */
export function clusterMetrics(): MetricsSource {
  const aggregator = new AggregatorRegistry();
  return { render: async () => ({ contentType: aggregator.contentType, body: await aggregator.clusterMetrics() }) };
}
