import type pg from 'pg';
import type { Logger } from '@hub/core/logger';
import { EventStore } from '@hub/core/event-store';
import type { HubMetrics } from '@hub/core/metrics';
import { WebhookProcessor, type WebhookProcessorOptions } from '@hub/core/processing';
import { QueueConsumer, ThreadedQueueConsumers, type ReceivedMessage, type ThreadedQueue } from '@hub/core/queue';
import type { HubConfig } from '@hub/core/routes';
import { openPool, type HubResources } from '@hub/core/runtime';
import type { WorkerConfig } from './config.js';
import { handlerLimits, type HandlerLimit } from './handler-limits.js';
import { useSqsThread } from './sqs-thread.js';

export interface RunningConsumers {
  limits: HandlerLimit[];
  /** Stops polling, waits for running handlers and their deletes and lease releases, then closes the connectors' own pools. */
  stop(): Promise<void>;
}

/**
 * One consumer per connector queue, each with its own handler budget (handlerLimits) and its own
 * WebhookProcessor: its own batched reads and writes and, in a process that consumes several
 * connectors (`hub up`), its own small database pool. A connector that is slow at its provider
 * or stuck in the database then holds only its own slots and connections; the others keep theirs.
 */
export async function startConsumers(
  config: WorkerConfig,
  resources: HubResources,
  connectorIds: readonly string[],
  hubConfig: Pick<HubConfig, 'concurrencyFor'>,
  processing: Omit<WebhookProcessorOptions, 'store' | 'log'>,
  log: Logger,
  metrics?: HubMetrics,
): Promise<RunningConsumers> {
  const limits = handlerLimits(config, hubConfig, connectorIds);
  const sqsThread = useSqsThread(config.HUB_SQS_THREAD);
  const ownPools = connectorIds.length > 1;
  const pools: pg.Pool[] = [];
  const consumers: { stop(): Promise<void> }[] = [];
  const threaded: ThreadedQueue[] = [];
  const processors: WebhookProcessor[] = [];
  for (const { connector, limit, from, cappedFrom } of limits) {
    const queue = await resources.queues.get(connector);
    const connectorLog = log.child({ connector });
    const pool = ownPools ? openPool(config, config.DATABASE_CONNECTOR_POOL_MAX) : resources.pool;
    if (ownPools) pools.push(pool);
    const processor = new WebhookProcessor(Object.assign({}, processing, { store: ownPools ? new EventStore(pool) : resources.store, log: connectorLog }));
    processors.push(processor);
    metrics?.handlers.set({ connector, state: 'limit' }, limit);
    metrics?.handlers.set({ connector, state: 'running' }, 0);
    const queueSpec = {
      queueUrl: queue.url,
      concurrency: limit,
      visibilityTimeoutSeconds: config.HUB_VISIBILITY_TIMEOUT_S,
      waitTimeSeconds: config.HUB_RECEIVE_WAIT_S,
      handle: async (message: ReceivedMessage) => {
        metrics?.handlers.inc({ connector, state: 'running' });
        try {
          return await processor.handle(message);
        } finally {
          metrics?.handlers.dec({ connector, state: 'running' });
        }
      },
      log: connectorLog,
    };
    if (sqsThread) threaded.push(queueSpec);
    else {
      const consumer = new QueueConsumer(Object.assign({}, queueSpec, { sqs: resources.sqs }));
      consumer.start();
      consumers.push(consumer);
    }
    connectorLog.info({ concurrency: limit, from, ...(cappedFrom ? { cappedFrom } : {}), databasePool: ownPools ? config.DATABASE_CONNECTOR_POOL_MAX : 'shared', sqsThread }, 'consumer started');
  }
  // Without its SQS thread the process consumes nothing: it exits as a crash would, and whoever
  // runs it starts another (messages in flight come back after their visibility timeout).
  const onThreadFailure = (err: Error) => {
    log.fatal({ err }, 'SQS consumer thread failed; exiting');
    process.exit(1);
  };
  if (threaded.length > 0) {
    const thread = new ThreadedQueueConsumers({ region: config.AWS_REGION, endpoint: config.SQS_ENDPOINT }, threaded, onThreadFailure);
    thread.start();
    consumers.push(thread);
  }
  return {
    limits,
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
      await Promise.all(processors.map((p) => p.drain()));
      await Promise.all(pools.map((p) => p.end()));
    },
  };
}
