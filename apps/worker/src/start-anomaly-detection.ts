import type pg from 'pg';
import type { Redis } from 'ioredis';
import { recordAnomalyTransition, type AlertLifecycle } from '@hub/core/alerts';
import { DetectionRunner, EventStoreMetricSource, type DetectionRunnerOptions } from '@hub/core/anomaly';
import type { Logger } from '@hub/core/logger';
import type { WorkerConfig } from './config.js';

export interface AnomalyDetectionDeps {
  redis: Redis;
  pool: pg.Pool;
  lifecycle: AlertLifecycle;
  /** Every installed connector: a silent one is still judged (a drop to zero has no rows). */
  connectors: readonly string[];
  /** The worker's Redis prefix; the lease key is shared by every replica of this deployment. */
  prefix: string;
  log: Logger;
}

/**
 * Anomaly detection beside the alert evaluator: every worker starts a DetectionRunner over the
 * event store, the Redis lease lets exactly one detect, and its transitions open or resolve the
 * `anomaly:<metric>` alerts. Undefined when HUB_ANOMALY_DETECTION=off. `overrides` are for tests
 * (an injected clock, a shorter warm-up).
 */
export function startAnomalyDetection(
  config: Pick<WorkerConfig, 'HUB_ANOMALY_DETECTION' | 'HUB_ANOMALY_INTERVAL_MS'>,
  deps: AnomalyDetectionDeps,
  overrides: Partial<Omit<DetectionRunnerOptions, 'redis' | 'source' | 'onTransition' | 'log'>> & { autoStart?: boolean } = {},
): DetectionRunner | undefined {
  if (config.HUB_ANOMALY_DETECTION === 'off') return undefined;
  const { autoStart = true, ...runnerOverrides } = overrides;
  const log = deps.log.child({ component: 'anomaly-detection' });
  const runner = new DetectionRunner({
    redis: deps.redis,
    leaseKey: `${deps.prefix}anomaly:leader`,
    source: new EventStoreMetricSource(deps.pool),
    connectors: deps.connectors,
    onTransition: (transition) => recordAnomalyTransition(deps.lifecycle, transition),
    log,
    ...runnerOverrides,
    detector: Object.assign({}, runnerOverrides.detector, { intervalMs: config.HUB_ANOMALY_INTERVAL_MS }),
  });
  if (autoStart) runner.start();
  return runner;
}
