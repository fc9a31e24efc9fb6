import type pg from 'pg';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { BaseConfig } from '../config/index.js';
import { EventStore } from '../event-store/index.js';
import { ConnectorQueues, createSqsClient } from '../queue/index.js';
import { openPool } from './open-pool.js';

export { openPool };

export interface HubResources {
  pool: pg.Pool;
  store: EventStore;
  sqs: SQSClient;
  queues: ConnectorQueues;
  close(): Promise<void>;
}

/** The connections every hub process opens, from its parsed config. */
export function openHubResources(config: BaseConfig): HubResources {
  const pool = openPool(config);
  const sqs = createSqsClient({ region: config.AWS_REGION, endpoint: config.SQS_ENDPOINT });
  return {
    pool,
    store: new EventStore(pool),
    sqs,
    queues: new ConnectorQueues(sqs, config.HUB_QUEUE_PREFIX, { maxReceiveCount: config.HUB_MAX_RECEIVE_COUNT, visibilityTimeoutSeconds: config.HUB_VISIBILITY_TIMEOUT_S }),
    async close() {
      sqs.destroy();
      await pool.end();
    },
  };
}
