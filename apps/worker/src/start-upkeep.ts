import { foldRollups } from '@hub/core/health';
import type { Logger } from '@hub/core/logger';
import type { HubMetrics } from '@hub/core/metrics';
import type { HubResources } from '@hub/core/runtime';
import { RedriveDrainer } from '@hub/core/redrive';
import { StallSweeper } from '@hub/core/sweeper';
import type { WorkerConfig } from './config.js';
import { startPeriodic, type PeriodicJob } from './start-periodic.js';
import { startRetention } from './start-retention.js';

/**
 * The worker's housekeeping beside its consumers. The stall sweeper: acknowledged events whose
 * message was lost (a queue purged, an emulator restarted empty, a worker dead mid-call with its
 * message gone too) are queued again; each worker sweeps the connectors it consumes, one sweeper
 * per connector at a time across replicas. The redrive drainer: messages SQS moved to a
 * connector's DLQ are recorded as dead letters (reason redrive) and deleted there, one drainer per
 * connector at a time. Retention, one run at a time across the fleet. The rollup fold: the
 * events written since the last fold are added to the health rollups and pending_webhooks, one
 * fold at a time across the fleet (readers add what is not folded yet, so this only keeps their
 * share small).
 */
export function startUpkeep(config: WorkerConfig, resources: HubResources, connectorIds: readonly string[], log: Logger, metrics?: HubMetrics): PeriodicJob {
  const sweeper = new StallSweeper({
    pool: resources.pool,
    queues: resources.queues,
    connectors: connectorIds,
    stallAfterMs: config.HUB_STALL_AFTER_S * 1000,
    log: log.child({ component: 'stall-sweeper' }),
    ...(metrics ? { metrics } : {}),
  });
  const sweeps =
    config.HUB_SWEEP_INTERVAL_S > 0 ? startPeriodic({ name: 'stall-sweeper', everyMs: config.HUB_SWEEP_INTERVAL_S * 1000, run: async () => void (await sweeper.sweep()), log }) : undefined;
  const drainer = new RedriveDrainer({ store: resources.store, queues: resources.queues, connectors: connectorIds, log: log.child({ component: 'redrive-drainer' }), ...(metrics ? { metrics } : {}) });
  const drains =
    config.HUB_REDRIVE_DRAIN_INTERVAL_S > 0
      ? startPeriodic({ name: 'redrive-drainer', everyMs: config.HUB_REDRIVE_DRAIN_INTERVAL_S * 1000, run: async () => void (await drainer.drain()), log })
      : undefined;
  const retention = startRetention(config, resources, log.child({ component: 'retention' }), metrics);
  const folds =
    config.HUB_ROLLUP_FOLD_INTERVAL_MS > 0
      ? startPeriodic({ name: 'rollup-fold', everyMs: config.HUB_ROLLUP_FOLD_INTERVAL_MS, run: async () => void (await foldRollups(resources.pool)), log })
      : undefined;
  return {
    async stop() {
      await Promise.all([sweeps?.stop(), drains?.stop(), retention?.stop(), folds?.stop()]);
    },
  };
}
