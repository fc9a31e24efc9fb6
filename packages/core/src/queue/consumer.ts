import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, type Message, type SQSClient } from '@aws-sdk/client-sqs';
import type { Logger } from '../logger/index.js';
import { BatchedDeleter } from './batched-deleter.js';
import { DelayedResender, NOT_BEFORE_ATTRIBUTE } from './delayed-resender.js';
import { sendAbortable } from './sqs-client.js';

export interface ReceivedMessage {
  messageId: string;
  body: string;
  /** 1 on first delivery. */
  receiveCount: number;
}

/** What to do with a message once its outcome is recorded. */
export type MessageOutcome =
  /** Done with (processed, quarantined, dead-lettered: the outcome is in the event store). */
  | { kind: 'delete' }
  /**
   * Comes back after the delay as a new message (its receive count starts again: waiting never
   * brings a message closer to SQS's redrive); `pauseConsumerMs` also stops this consumer polling meanwhile.
   */
  | { kind: 'retry'; delaySeconds: number; pauseConsumerMs?: number };

export interface ConsumerOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** Handlers running at once for this queue. */
  concurrency: number;
  visibilityTimeoutSeconds: number;
  /** Long-polling wait (max 20 s). */
  waitTimeSeconds?: number;
  handle(message: ReceivedMessage): Promise<MessageOutcome>;
  log: Logger;
}

/**
 * How many slots must be free before a poller receives: a tenth of them, at most SQS's 10.
 * Under load handlers finish one at a time, and a poller woken by each asked SQS for one or two
 * messages (7.1 a receive on average draining 20,000 at 100 slots, each receive costing the
 * worker's one thread as much as ten); waiting for a tenth of the slots keeps a connector of 5
 * slots refilling one by one, and at rest every slot is free anyway.
 */
export function receiveBatch(concurrency: number): number {
  return Math.min(10, Math.max(1, Math.floor(concurrency / 10)));
}

/**
 * Long-polls one queue with a concurrency limit. A message's visibility is extended
 * while its handler runs, so a slow handler is not delivered twice mid-run; the message
 * is deleted only after the handler returns (its outcome is recorded by then). A message that
 * must wait (a retry, a rate limit, an open circuit) is sent again with a delay and the received
 * one deleted, so only a handler that never returns (a crash) uses up receives towards the DLQ.
 * `stop()` stops polling and waits for running handlers: a graceful drain.
 */
export class QueueConsumer {
  private running = false;
  private active = 0;
  /** Slots promised to receives in flight, so parallel pollers never ask for more than is free. */
  private reserved = 0;
  /** Messages whose handler is done and whose delete (or resend) is under way. */
  private settling = 0;
  /** While an open circuit says the downstream is down, nothing is pulled (messages wait in the queue). */
  private pausedUntil = 0;
  private readonly abort = new AbortController();
  private readonly deleter: BatchedDeleter;
  private readonly resender: DelayedResender;
  private slotWaiters: (() => void)[] = [];
  private loops: Promise<void>[] = [];

  constructor(private readonly options: ConsumerOptions) {
    this.deleter = new BatchedDeleter(options.sqs, options.queueUrl);
    this.resender = new DelayedResender(options.sqs, options.queueUrl, this.deleter);
  }

  get inFlight(): number {
    return this.active;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const pollers = Math.max(1, Math.ceil(this.options.concurrency / 10));
    this.loops = Array.from({ length: pollers }, () => this.poll());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.abort.abort();
    this.slotWaiters.splice(0).forEach((w) => w());
    await Promise.all(this.loops);
    while (this.active + this.settling > 0) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Stops pulling new messages for `ms` (running handlers go on). */
  pause(ms: number): void {
    const until = Date.now() + ms;
    if (until > this.pausedUntil) {
      this.pausedUntil = until;
      this.options.log.warn({ pausedForMs: ms }, 'consumer paused: the downstream circuit is open');
    }
  }

  get paused(): boolean {
    return Date.now() < this.pausedUntil;
  }

  private async poll(): Promise<void> {
    const { sqs, queueUrl, concurrency, visibilityTimeoutSeconds, waitTimeSeconds = 20, log } = this.options;
    while (this.running) {
      const pausedFor = this.pausedUntil - Date.now();
      if (pausedFor > 0) {
        await new Promise<void>((resolve) => {
          // The listener goes when the pause ends: an open circuit pauses again and again, and
          // listeners left on the consumer's long-lived signal would pile up.
          const done = () => {
            clearTimeout(timer);
            this.abort.signal.removeEventListener('abort', done);
            resolve();
          };
          const timer = setTimeout(done, pausedFor);
          this.abort.signal.addEventListener('abort', done, { once: true });
        });
        continue;
      }
      // Deletes lagging behind (SQS slow) hold new receives back once they outnumber the handlers.
      const free = concurrency - this.active - this.reserved - Math.max(0, this.settling - concurrency);
      if (free < receiveBatch(concurrency)) {
        await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
        continue;
      }
      const asked = Math.min(10, free);
      this.reserved += asked;
      let messages: Message[];
      try {
        const receive = new ReceiveMessageCommand({
          QueueUrl: queueUrl,
          MaxNumberOfMessages: asked,
          WaitTimeSeconds: waitTimeSeconds,
          VisibilityTimeout: visibilityTimeoutSeconds,
          MessageSystemAttributeNames: ['ApproximateReceiveCount'],
          MessageAttributeNames: [NOT_BEFORE_ATTRIBUTE],
        });
        const out = await sendAbortable(this.abort.signal, sqs, receive, (options) => sqs.send(receive, options));
        messages = out.Messages ?? [];
      } catch (err) {
        this.reserved -= asked;
        this.slotWaiters.shift()?.();
        if (!this.running) break;
        log.warn({ err, queueUrl }, 'receive failed; retrying in 1 s');
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        continue;
      }
      this.reserved -= asked;
      for (const message of messages) this.run(message);
      // Slots asked for but not filled go back to another poller.
      if (messages.length < asked) this.slotWaiters.shift()?.();
    }
  }

  private run(message: Message): void {
    const { sqs, queueUrl, visibilityTimeoutSeconds, handle, log } = this.options;
    const receiptHandle = message.ReceiptHandle as string;
    this.active += 1;
    // Extend visibility at half the timeout while the handler runs.
    const heartbeat = setInterval(() => {
      sqs
        .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: receiptHandle, VisibilityTimeout: visibilityTimeoutSeconds }))
        .catch((err: unknown) => log.warn({ err, messageId: message.MessageId }, 'visibility extension failed'));
    }, (visibilityTimeoutSeconds * 1000) / 2);
    const received: ReceivedMessage = {
      messageId: message.MessageId as string,
      body: message.Body ?? '',
      receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
    };
    // A wait longer than SQS can delay a message arrives early: it is sent on again, unhandled.
    const notBefore = Number(message.MessageAttributes?.[NOT_BEFORE_ATTRIBUTE]?.StringValue);
    const early = notBefore - Date.now() > 1_000;
    const outcome: Promise<MessageOutcome> = early ? Promise.resolve({ kind: 'retry', delaySeconds: (notBefore - Date.now()) / 1000 }) : handle(received);
    let handling = true;
    // The handler is done (its outcome recorded): its slot goes to the next message while this
    // one is deleted or sent again, so the slot does not also wait for an SQS round trip.
    const handled = () => {
      if (!handling) return;
      handling = false;
      clearInterval(heartbeat);
      this.active -= 1;
      this.settling += 1;
      this.slotWaiters.shift()?.();
    };
    outcome
      .then(async (o) => {
        // Paused before the slot is freed: a poller woken by it must not pull past an open circuit.
        if (o.kind === 'retry' && o.pauseConsumerMs) this.pause(o.pauseConsumerMs);
        handled();
        if (o.kind === 'delete') return this.deleter.delete(receiptHandle);
        await this.resender.resend({ body: received.body, receiptHandle }, o.delaySeconds);
      })
      .catch((err: unknown) => {
        // Left in flight: SQS delivers it again after the visibility timeout.
        log.error({ err, messageId: message.MessageId }, 'message handling failed; it will be redelivered');
      })
      .finally(() => {
        handled();
        this.settling -= 1;
        this.slotWaiters.shift()?.();
      });
  }
}
