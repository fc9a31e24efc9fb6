import { CreateQueueCommand, GetQueueAttributesCommand, GetQueueUrlCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { isQueueMissing } from './is-queue-missing.js';

export interface QueueSettings {
  /** Receives before SQS moves a message to the DLQ. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { maxReceiveCount: 10, visibilityTimeoutSeconds: 30 };

/** How long SQS keeps a message in a connector's queue, and in its DLQ (longer: a standard queue keeps the original enqueue time in the DLQ). */
export const QUEUE_RETENTION_SECONDS = 4 * 24 * 3600;
export const DLQ_RETENTION_SECONDS = 14 * 24 * 3600;

export interface ConnectorQueue {
  connector: string;
  url: string;
  dlqUrl: string;
}

export function queueNames(prefix: string, connector: string): { main: string; dlq: string } {
  return { main: `${prefix}${connector}`, dlq: `${prefix}${connector}-dlq` };
}

/**
 * One queue and one DLQ per connector, created when missing. Queues provisioned ahead
 * (deploy/aws) are used as they are: their attributes are the deployment's to decide.
 */
export class ConnectorQueues {
  private readonly cache = new Map<string, Promise<ConnectorQueue>>();

  constructor(
    readonly sqs: SQSClient,
    readonly prefix: string,
    private readonly settings: QueueSettings = DEFAULT_QUEUE_SETTINGS,
  ) {}

  get(connector: string): Promise<ConnectorQueue> {
    let queue = this.cache.get(connector);
    if (!queue) {
      queue = this.create(connector);
      queue.catch(() => this.cache.delete(connector));
      this.cache.set(connector, queue);
    }
    return queue;
  }

  /**
   * Creates the queue and its DLQ again, the cached URL forgotten: someone deleted the queue, or
   * an emulator restarted empty. CreateQueue is idempotent for the same attributes.
   */
  recreate(connector: string): Promise<ConnectorQueue> {
    this.cache.delete(connector);
    return this.get(connector);
  }

  private async create(connector: string): Promise<ConnectorQueue> {
    const names = queueNames(this.prefix, connector);
    const provisioned = await this.existing(names);
    if (provisioned) return { connector, ...provisioned };
    const dlq = await this.sqs.send(
      new CreateQueueCommand({ QueueName: names.dlq, Attributes: { MessageRetentionPeriod: String(DLQ_RETENTION_SECONDS) } }),
    );
    const dlqUrl = dlq.QueueUrl as string;
    const attrs = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const main = await this.sqs.send(
      new CreateQueueCommand({
        QueueName: names.main,
        Attributes: {
          VisibilityTimeout: String(this.settings.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(QUEUE_RETENTION_SECONDS),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: attrs.Attributes?.QueueArn, maxReceiveCount: String(this.settings.maxReceiveCount) }),
        },
      }),
    );
    return { connector, url: main.QueueUrl as string, dlqUrl };
  }

  /**
   * Both queues' URLs when both exist. CreateQueue on an existing queue is refused
   * (QueueNameExists) when any attribute we would send differs from the queue's, e.g. a
   * deployment's own maxReceiveCount or visibility timeout: looking first avoids that.
   */
  private async existing(names: { main: string; dlq: string }): Promise<{ url: string; dlqUrl: string } | undefined> {
    try {
      const [main, dlq] = await Promise.all([
        this.sqs.send(new GetQueueUrlCommand({ QueueName: names.main })),
        this.sqs.send(new GetQueueUrlCommand({ QueueName: names.dlq })),
      ]);
      return main.QueueUrl && dlq.QueueUrl ? { url: main.QueueUrl, dlqUrl: dlq.QueueUrl } : undefined;
    } catch (err) {
      if (isQueueMissing(err)) return undefined;
      throw err;
    }
  }
}
