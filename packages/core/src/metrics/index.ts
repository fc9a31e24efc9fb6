export { HubMetrics } from './hub-metrics.js';
export { serveMetrics, type MetricsSource } from './serve-metrics.js';
export { clusterMetrics, shareMetricsWithPrimary } from './cluster-metrics.js';
