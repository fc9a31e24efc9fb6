import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import type { BatchedDeleter } from './batched-deleter.js';

/** SQS delays a message by at most 15 minutes. */
export const MAX_DELAY_S = 900;
/** Message attribute (epoch ms): a message sent for a longer wait is not handled before then, only sent on. */
export const NOT_BEFORE_ATTRIBUTE = 'HubNotBefore';

/**
 * Makes a received message wait without using up its receives: the body goes back to the queue
 * as a new message with DelaySeconds (receive count 0 again), then the received one is deleted.
 * Changing the received message's visibility instead would count every wait as a receive, and
 * SQS moves a message to the DLQ after maxReceiveCount receives however healthy its event.
 */
export class DelayedResender {
  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
    private readonly deleter: BatchedDeleter,
  ) {}

  async resend(message: { body: string; receiptHandle: string }, delaySeconds: number): Promise<void> {
    const delay = Math.max(0, Math.ceil(delaySeconds));
    const notBefore = delay > MAX_DELAY_S ? { [NOT_BEFORE_ATTRIBUTE]: { DataType: 'Number', StringValue: String(Date.now() + delay * 1000) } } : undefined;
    // Sent before the received one is deleted: a crash in between leaves two messages for the
    // event (the worker's event lease and its finished check make the second one harmless), never none.
    await this.sqs.send(
      new SendMessageCommand({ QueueUrl: this.queueUrl, MessageBody: message.body, DelaySeconds: Math.min(delay, MAX_DELAY_S), ...(notBefore ? { MessageAttributes: notBefore } : {}) }),
    );
    await this.deleter.delete(message.receiptHandle);
  }
}
