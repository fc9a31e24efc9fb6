import { HealthSampler, type RateLimitSource } from '@hub/core/health';
import type { Logger } from '@hub/core/logger';
import type { HubResources } from '@hub/core/runtime';
import type { WorkerConfig } from './config.js';
import { startPeriodic, type PeriodicJob } from './start-periodic.js';

/**
 * Health samples for the console's charts (queue depth, oldest pending age, rate-limit headroom,
 * circuit state): every HUB_HEALTH_SAMPLE_INTERVAL_S each worker samples the connectors it
 * consumes, one replica per connector at a time (an advisory lock each). Undefined when the interval is 0.
 */
export function startHealthSamples(
  config: Pick<WorkerConfig, 'HUB_HEALTH_SAMPLE_INTERVAL_S'>,
  resources: Pick<HubResources, 'pool' | 'queues'>,
  connectorIds: readonly string[],
  rateLimits: RateLimitSource,
  log: Logger,
): PeriodicJob | undefined {
  const everyMs = config.HUB_HEALTH_SAMPLE_INTERVAL_S * 1000;
  if (everyMs === 0 || connectorIds.length === 0) return undefined;
  const sampler = new HealthSampler({ pool: resources.pool, queues: resources.queues, rateLimits, connectors: connectorIds, intervalMs: everyMs, log });
  return startPeriodic({ name: 'health-samples', everyMs, firstAfterMs: Math.min(everyMs, 1_000), log, run: async () => void (await sampler.sampleOnce()) });
}
