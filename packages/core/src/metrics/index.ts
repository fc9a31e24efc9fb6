export { HubMetrics } from './hub-metrics.js';
export { serveMetrics } from './serve-metrics.js';
