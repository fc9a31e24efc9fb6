import { configureJsonata, type Connector } from '@hub/connector-sdk';
import { jsonataLimits } from '@hub/core/config';
import type { Logger } from '@hub/core/logger';
import { createOutboundHttp, fromDeclaration } from '@hub/core/processing';
import { queueDepth } from '@hub/core/queue';
import type { HubMetrics } from '@hub/core/metrics';
import { AlertRaiser } from '@hub/core/alerts';
import { OAuth2TokenManager, OutboundAuth } from '@hub/core/auth';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { SharedCircuitBreakers } from '@hub/core/circuit-breaker';
import { EventTypes } from '@hub/core/event-store';
import { connectRedis, RateLimiter } from '@hub/core/rate-limit';
import { SharedStateCache } from '@hub/core/shared-state-cache';
import { v5 as uuidv5 } from 'uuid';
import type { HubConfig } from '@hub/core/routes';
import type { HubResources } from '@hub/core/runtime';
import type { WorkerConfig } from './config.js';
import { startAlerts } from './start-alerts.js';
import { startAnomalyDetection } from './start-anomaly-detection.js';
import { startCanaryGuard } from './start-canary-guard.js';
import { startConsumers } from './start-consumers.js';
import { startHealthSamples } from './start-health-samples.js';
import type { HandlerLimit } from './handler-limits.js';
import { startUpkeep } from './start-upkeep.js';

export interface RunningWorker {
  connectors: string[];
  /** Each connector's handler budget in this process, and where it is set. */
  limits: HandlerLimit[];
  /** Stops polling and waits for running handlers (graceful drain). */
  stop(): Promise<void>;
}

// Circuit events form one stream per circuit (a stable id derived from its key).
const CIRCUIT_NAMESPACE = 'f0b3c1d2-6a8e-4c1f-9d2b-3e4a5b6c7d8e';
const circuitStream = (key: string) => uuidv5(`circuit:${key}`, CIRCUIT_NAMESPACE);

/** One consumer per connector queue, each with its own concurrency limit (start-consumers). */
export async function startWorker(
  config: WorkerConfig,
  resources: HubResources,
  connectors: Readonly<Record<string, Connector>>,
  connectorIds: readonly string[],
  hubConfig: HubConfig,
  log: Logger,
  metrics?: HubMetrics,
): Promise<RunningWorker> {
  configureJsonata(jsonataLimits(config));
  const redis = await connectRedis(config.REDIS_URL, log);
  const prefix = `hub:${config.DATABASE_SCHEMA}:${config.HUB_QUEUE_PREFIX}`;
  // "No circuit open" and "no provider block" are kept between announced changes: not two Redis reads per call.
  const sharedState = await SharedStateCache.over({ redis, channel: `${prefix}shared-state`, log });
  // A permit is held until the answer is back; a worker killed mid-call frees it after the outbound timeout.
  const limiter = new RateLimiter({ redis, prefix, log, permitHoldMs: config.HUB_OUTBOUND_TIMEOUT_MS + 5_000, cache: sharedState });
  const breakers = new SharedCircuitBreakers({
    redis,
    prefix,
    log,
    cache: sharedState,
    onTransition: async (key, transition, details) => {
      const connector = key.split(':')[0] as string;
      log.warn({ circuit: key, transition }, `circuit ${transition}`);
      await resources.store.append([{ stream: circuitStream(key), connector, type: transition === 'opened' ? EventTypes.circuitOpened : EventTypes.circuitClosed, data: { circuit: key, ...details } }]);
    },
  });
  const alerting = startAlerts(config, resources, Object.keys(connectors), log);
  const alerts = new AlertRaiser({ store: resources.store, log, lifecycle: alerting.lifecycle });
  const detection = startAnomalyDetection(config, { redis, pool: resources.pool, lifecycle: alerting.lifecycle, connectors: Object.keys(connectors), prefix, log });
  const outbound = { timeoutMs: config.HUB_OUTBOUND_TIMEOUT_MS, allowedHosts: config.HUB_OUTBOUND_ALLOWED_HOSTS };
  // Without master keys nothing can be decrypted: a connector that declares auth then fails with a message saying so.
  const credentials = config.HUB_MASTER_KEYS ? new CredentialStore(resources.pool, new EnvMasterKeys(config.HUB_MASTER_KEYS)) : undefined;
  const auth = new OutboundAuth({
    store: credentials,
    tokens: credentials ? new OAuth2TokenManager({ store: credentials, redis, prefix, send: createOutboundHttp(outbound), log, alerts }) : undefined,
    environment: config.HUB_ENVIRONMENT,
    baseUrlOverrides: config.baseUrlOverrides,
  });
  const consumers = await startConsumers(
    config,
    resources,
    connectorIds,
    hubConfig,
    {
      connectors,
      routes: hubConfig.routes,
      limits: { limiter, policyFor: (id) => hubConfig.rateLimitFor(id) },
      breakers: { breakers, policyFor: (id) => hubConfig.breakerFor(id) },
      alerts,
      auth,
      ...(metrics ? { metrics } : {}),
      retryFor: (id) => {
        const declared = hubConfig.retryFor(id);
        return declared ? fromDeclaration(declared) : undefined;
      },
      outbound,
      // A lease outlives a dead holder by at most the time SQS takes to hand its message to another.
      leaseTtlMs: config.HUB_VISIBILITY_TIMEOUT_S * 1000,
      retry: { maxAttempts: config.HUB_RETRY_MAX_ATTEMPTS, baseDelayMs: config.HUB_RETRY_BASE_DELAY_MS, maxDelayMs: config.HUB_RETRY_MAX_DELAY_MS },
    },
    log,
    metrics,
  );
  const upkeep = startUpkeep(config, resources, connectorIds, log, metrics);
  const canaryGuard = startCanaryGuard(config, resources, alerting.lifecycle, log.child({ component: 'canary-guard' }));
  const healthSamples = startHealthSamples(config, resources, connectorIds, { redis, prefix, policyFor: (id) => hubConfig.rateLimitFor(id) }, log.child({ component: 'health-samples' }));
  // Queue depth for /metrics: what waits, what runs, what is delayed, what is dead.
  const queues = await Promise.all(connectorIds.map((id) => resources.queues.get(id)));
  const sampleDepth = async () => {
    for (const queue of queues) {
      try {
        const depth = await queueDepth(resources.sqs, queue.url);
        const dlq = await queueDepth(resources.sqs, queue.dlqUrl);
        metrics?.queueMessages.set({ connector: queue.connector, state: 'visible' }, depth.visible);
        metrics?.queueMessages.set({ connector: queue.connector, state: 'in_flight' }, depth.inFlight);
        metrics?.queueMessages.set({ connector: queue.connector, state: 'delayed' }, depth.delayed);
        metrics?.queueMessages.set({ connector: queue.connector, state: 'dlq' }, dlq.visible + dlq.inFlight);
      } catch (err) {
        log.warn({ err, connector: queue.connector }, 'queue depth unavailable');
      }
    }
  };
  const depthTimer = metrics ? setInterval(() => void sampleDepth(), 15_000) : undefined;
  if (metrics) void sampleDepth();

  return {
    connectors: [...connectorIds],
    limits: consumers.limits,
    async stop() {
      clearInterval(depthTimer);
      await upkeep.stop();
      await canaryGuard?.stop();
      await healthSamples?.stop();
      await consumers.stop();
      // Before the Redis connection goes: the lease is released, so another replica detects at once.
      await detection?.stop();
      await alerting.stop();
      await sharedState?.close();
      redis.disconnect();
    },
  };
}
