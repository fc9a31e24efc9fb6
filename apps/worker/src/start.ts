import type { Connector } from '@hub/connector-sdk';
import type { Logger } from '@hub/core/logger';
import { WebhookProcessor } from '@hub/core/processing';
import { QueueConsumer } from '@hub/core/queue';
import { connectRedis, RateLimiter } from '@hub/core/rate-limit';
import type { HubConfig } from '@hub/core/routes';
import type { HubResources } from '@hub/core/runtime';
import type { WorkerConfig } from './config.js';

export interface RunningWorker {
  connectors: string[];
  /** Stops polling and waits for running handlers (graceful drain). */
  stop(): Promise<void>;
}

/** One consumer per connector queue, each with its own concurrency limit. */
export async function startWorker(
  config: WorkerConfig,
  resources: HubResources,
  connectors: Readonly<Record<string, Connector>>,
  connectorIds: readonly string[],
  hubConfig: HubConfig,
  log: Logger,
): Promise<RunningWorker> {
  const redis = await connectRedis(config.REDIS_URL, log);
  const limiter = new RateLimiter({ redis, prefix: `hub:${config.DATABASE_SCHEMA}:${config.HUB_QUEUE_PREFIX}`, log });
  const processor = new WebhookProcessor({
    store: resources.store,
    connectors,
    routes: hubConfig.routes,
    limits: { limiter, policyFor: (id) => hubConfig.rateLimitFor(id) },
    log,
    outbound: { timeoutMs: config.HUB_OUTBOUND_TIMEOUT_MS, allowedHosts: config.HUB_OUTBOUND_ALLOWED_HOSTS },
    retry: { maxAttempts: config.HUB_RETRY_MAX_ATTEMPTS, baseDelayMs: config.HUB_RETRY_BASE_DELAY_MS, maxDelayMs: config.HUB_RETRY_MAX_DELAY_MS },
  });
  const consumers: QueueConsumer[] = [];
  for (const id of connectorIds) {
    const queue = await resources.queues.get(id);
    const consumer = new QueueConsumer({
      sqs: resources.sqs,
      queueUrl: queue.url,
      dlqUrl: queue.dlqUrl,
      concurrency: config.HUB_WORKER_CONCURRENCY,
      visibilityTimeoutSeconds: config.HUB_VISIBILITY_TIMEOUT_S,
      waitTimeSeconds: config.HUB_RECEIVE_WAIT_S,
      handle: (message) => processor.handle(message),
      log: log.child({ connector: id }),
    });
    consumer.start();
    consumers.push(consumer);
  }
  return {
    connectors: [...connectorIds],
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      redis.disconnect();
    },
  };
}
