import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { hubError } from '../errors/index.js';

/** Collects deletes made in the same turn of the event loop into DeleteMessageBatch calls of 10. */
export class BatchedDeleter {
  private pending: { receiptHandle: string; done: (err?: unknown) => void }[] = [];
  private scheduled = false;

  constructor(
    private readonly sqs: SQSClient,
    private readonly queueUrl: string,
  ) {}

  delete(receiptHandle: string): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ receiptHandle, done: (err) => (err ? reject(err) : resolve()) });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, 10);
      this.sqs
        .send(new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: batch.map((p, i) => ({ Id: String(i), ReceiptHandle: p.receiptHandle })) }))
        .then(
          (out) => {
            const failed = new Set((out.Failed ?? []).map((f) => f.Id));
            batch.forEach((p, i) => p.done(failed.has(String(i)) ? hubError('HUB_QUEUE_UNAVAILABLE', 'SQS did not delete the message') : undefined));
          },
          (err: unknown) => batch.forEach((p) => p.done(err)),
        );
    }
  }
}
