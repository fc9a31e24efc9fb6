import { GetQueueAttributesCommand, ReceiveMessageCommand, type Message } from '@aws-sdk/client-sqs';
import { z } from 'zod';
import { forEachConnectorLocked } from '../db/index.js';
import type { EventStore } from '../event-store/index.js';
import type { Logger } from '../logger/index.js';
import type { HubMetrics } from '../metrics/index.js';
import { BatchedDeleter, type ConnectorQueues } from '../queue/index.js';
import { recordRedrives, type RedriveVerdict, type RedrivenMessage } from './record-redrives.js';

export interface RedriveDrainerOptions {
  store: EventStore;
  queues: ConnectorQueues;
  /** The connectors whose DLQs this drainer empties (a worker drains the queues it consumes). */
  connectors: readonly string[];
  /** Receives of 10 messages per connector and pass, at most (the rest waits for the next pass). Default 100. */
  maxBatches?: number;
  metrics?: HubMetrics;
  log: Logger;
}

export interface Drained {
  connector: string;
  eventId: string;
  verdict: RedriveVerdict;
}

const MessageBody = z.object({ eventId: z.uuid() });
// Received DLQ messages stay hidden this long: a drainer that dies before deleting them hands them to the next pass.
const DRAIN_VISIBILITY_S = 30;

/**
 * Empties the connectors' SQS dead-letter queues into the event store. SQS moves a message there
 * on its own (its RedrivePolicy) after maxReceiveCount receives without a delete: the worker
 * crashed, was killed or timed out on it each time. Waits never count (they send a new message),
 * and the worker's own dead letters are recorded in the store and deleted, never copied here, so
 * every message found is a redrive: recorded as webhook.dead_lettered (reason redrive), then
 * deleted, once that is durable. The store stays the one DLQ list (`hub dlq`, the console), and
 * a redrive is replayed like any dead letter. One drainer per connector at a time across processes
 * (a PostgreSQL advisory lock).
 */
export class RedriveDrainer {
  private readonly deleters = new Map<string, BatchedDeleter>();

  constructor(private readonly options: RedriveDrainerOptions) {}

  /** One pass over the connectors' DLQs; answers what became of each message's event. */
  async drain(): Promise<Drained[]> {
    return forEachConnectorLocked(this.options.store.pool, 'redrive-drainer', this.options.connectors, this.options.log, (connector) => this.drainConnector(connector));
  }

  private async drainConnector(connector: string): Promise<Drained[]> {
    const { queues, store, maxBatches = 100, metrics, log } = this.options;
    const queue = await queues.get(connector);
    const deleter = this.deleterFor(queue.dlqUrl);
    let maxReceiveCount: Promise<number | undefined> | undefined;
    const drained: Drained[] = [];
    for (let batch = 0; batch < maxBatches; batch += 1) {
      const out = await queues.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: queue.dlqUrl,
          MaxNumberOfMessages: 10,
          WaitTimeSeconds: 0,
          VisibilityTimeout: DRAIN_VISIBILITY_S,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }),
      );
      const messages = out.Messages ?? [];
      if (messages.length === 0) break;
      maxReceiveCount ??= this.maxReceiveCount(queue.url);
      const parsed = messages.map((m) => ({ message: m, redriven: parse(m) }));
      const ours = parsed.flatMap((p) => (p.redriven ? [{ message: p.message, redriven: p.redriven }] : []));
      for (const p of parsed) if (!p.redriven) log.error({ connector, messageId: p.message.MessageId }, 'a message in the SQS DLQ is not {eventId}; deleted');
      const verdicts = await recordRedrives(store, connector, ours.map((o) => o.redriven), { maxReceiveCount: await maxReceiveCount });
      // Deleted once its event's record is durable; a busy event's message stays hidden for
      // DRAIN_VISIBILITY_S, then a later pass looks again.
      const done = parsed.filter((p) => !p.redriven).map((p) => deleter.delete(p.message.ReceiptHandle as string));
      ours.forEach(({ message, redriven }, i) => {
        const verdict = verdicts[i] as RedriveVerdict;
        if (verdict === 'busy') return;
        done.push(deleter.delete(message.ReceiptHandle as string));
        drained.push({ connector, eventId: redriven.eventId, verdict });
        metrics?.redriveDrained.inc({ connector, verdict });
      });
      await Promise.all(done);
    }
    const recorded = drained.filter((d) => d.verdict === 'recorded');
    if (recorded.length > 0) log.warn({ connector, recorded: recorded.length, eventIds: recorded.slice(0, 20).map((d) => d.eventId) }, 'SQS redrove messages to the DLQ; recorded as dead letters (reason redrive)');
    return drained;
  }

  private deleterFor(dlqUrl: string): BatchedDeleter {
    let deleter = this.deleters.get(dlqUrl);
    if (!deleter) {
      deleter = new BatchedDeleter(this.options.queues.sqs, dlqUrl);
      this.deleters.set(dlqUrl, deleter);
    }
    return deleter;
  }

  /** From the queue's own RedrivePolicy (it may have been created with other settings than this process's). */
  private async maxReceiveCount(queueUrl: string): Promise<number | undefined> {
    try {
      const out = await this.options.queues.sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }));
      const policy = JSON.parse(out.Attributes?.RedrivePolicy ?? '{}') as { maxReceiveCount?: number | string };
      const n = Number(policy.maxReceiveCount);
      return Number.isInteger(n) && n > 0 ? n : undefined;
    } catch {
      return undefined; // the dead letter says "its maximum number of receives"
    }
  }
}

function parse(message: Message): RedrivenMessage | undefined {
  let body: unknown;
  try {
    body = JSON.parse(message.Body ?? '');
  } catch {
    return undefined;
  }
  const parsed = MessageBody.safeParse(body);
  if (!parsed.success) return undefined;
  const sent = Number(message.Attributes?.SentTimestamp);
  return {
    eventId: parsed.data.eventId,
    messageId: message.MessageId as string,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
    sentAt: new Date(Number.isFinite(sent) ? sent : 0),
  };
}
