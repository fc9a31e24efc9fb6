import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';

export interface QueueSettings {
  /** Receives before SQS moves a message to the DLQ. */
  maxReceiveCount: number;
  visibilityTimeoutSeconds: number;
}

export const DEFAULT_QUEUE_SETTINGS: QueueSettings = { maxReceiveCount: 10, visibilityTimeoutSeconds: 30 };

export interface ConnectorQueue {
  connector: string;
  url: string;
  dlqUrl: string;
}

export function queueNames(prefix: string, connector: string): { main: string; dlq: string } {
  return { main: `${prefix}${connector}`, dlq: `${prefix}${connector}-dlq` };
}

/**
 * One queue and one DLQ per connector, created when missing. The DLQ keeps messages
 * longer than its source (a standard queue keeps the original enqueue time in the DLQ).
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
    const dlq = await this.sqs.send(
      new CreateQueueCommand({ QueueName: names.dlq, Attributes: { MessageRetentionPeriod: String(14 * 24 * 3600) } }),
    );
    const dlqUrl = dlq.QueueUrl as string;
    const attrs = await this.sqs.send(new GetQueueAttributesCommand({ QueueUrl: dlqUrl, AttributeNames: ['QueueArn'] }));
    const main = await this.sqs.send(
      new CreateQueueCommand({
        QueueName: names.main,
        Attributes: {
          VisibilityTimeout: String(this.settings.visibilityTimeoutSeconds),
          MessageRetentionPeriod: String(4 * 24 * 3600),
          RedrivePolicy: JSON.stringify({ deadLetterTargetArn: attrs.Attributes?.QueueArn, maxReceiveCount: String(this.settings.maxReceiveCount) }),
        },
      }),
    );
    return { connector, url: main.QueueUrl as string, dlqUrl };
  }
}
