import { DeleteMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { Batcher, ItemFailure } from '../batching/index.js';
import { hubError } from '../errors/index.js';

/**
 * Deletes handled messages with DeleteMessageBatch (10 at most per call). At most two calls are
 * in flight; deletes asked for meanwhile wait and share the next call. Handlers finish one by one,
 * so flushing each turn of the event loop sent one call per message (~a quarter of the worker's
 * CPU went to SQS calls); a delete that waits a few ms more costs nothing: the outcome is already
 * recorded, and a message redelivered meanwhile is found finished and skipped.
 */
export class BatchedDeleter {
  private readonly batcher: Batcher<string, undefined>;

  constructor(sqs: SQSClient, queueUrl: string, { maxInFlight = 2 } = {}) {
    this.batcher = new Batcher(
      async (receiptHandles) => {
        const out = await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: receiptHandles.map((handle, i) => ({ Id: String(i), ReceiptHandle: handle })) }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        return receiptHandles.map((_, i) => (failed.has(String(i)) ? new ItemFailure(hubError('HUB_QUEUE_UNAVAILABLE', 'SQS did not delete the message')) : undefined));
      },
      { maxBatch: 10, maxInFlight },
    );
  }

  async delete(receiptHandle: string): Promise<void> {
    await this.batcher.submit(receiptHandle);
  }
}
