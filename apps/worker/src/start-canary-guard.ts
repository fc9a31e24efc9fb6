import type { AlertLifecycle } from '@hub/core/alerts';
import { CanaryGuardCheck } from '@hub/core/canary-guard';
import type { Logger } from '@hub/core/logger';
import type { HubResources } from '@hub/core/runtime';
import type { WorkerConfig } from './config.js';
import { startPeriodic, type PeriodicJob } from './start-periodic.js';

/**
 * The canary guard on a schedule: every HUB_CANARY_CHECK_INTERVAL_S each worker tries, the one
 * that takes the advisory lock judges every running canary and rolls back those that regressed,
 * raising their alert through the worker's lifecycle (Slack, webhook). Undefined when the interval is 0.
 */
export function startCanaryGuard(config: Pick<WorkerConfig, 'HUB_CANARY_CHECK_INTERVAL_S'>, resources: Pick<HubResources, 'pool' | 'store'>, lifecycle: AlertLifecycle, log: Logger): PeriodicJob | undefined {
  const everyMs = config.HUB_CANARY_CHECK_INTERVAL_S * 1000;
  if (everyMs === 0) return undefined;
  const check = new CanaryGuardCheck({ pool: resources.pool, store: resources.store, alerts: lifecycle, log });
  return startPeriodic({ name: 'canary-guard', everyMs, log, run: async () => void (await check.checkOnce()) });
}
