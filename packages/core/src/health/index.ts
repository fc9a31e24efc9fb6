export { connectorHealth, HEALTH_WINDOWS, type AccountHealth, type ConnectorHealth, type ConnectorHealthOptions, type HealthWindow, type WindowHealth } from './connector-health.js';
export { windowStart } from './rollup-windows.js';
export { LATENCY_BOUNDS_MS, LATENCY_BUCKET_COLUMNS, percentileFromBuckets } from './latency-buckets.js';
export type { CircuitHealth, CircuitState } from './circuit-health.js';
export type { QueueHealth } from './queue-health.js';
export { readRateLimitHeadroom, type RateLimitHealth, type RateLimitKeyHealth, type RateLimitSource } from './rate-limit-headroom.js';
export { pruneRollups, type PruneRollupsOptions } from './prune-rollups.js';
export { recentErrors, ERROR_CLASSES, RECENT_ERRORS_LOOKBACK_MS, type ErrorClassKey, type RecentError, type RecentErrors, type RecentErrorsOptions } from './recent-errors.js';
export { accountHealth, compareAccounts, type AccountFigures, type AccountHealthOptions } from './account-health.js';
