import { GetQueueAttributesCommand, SendMessageBatchCommand, type QueueAttributeName, type SQSClient } from '@aws-sdk/client-sqs';

/** Sends `bodies` to the queue, ten to a batch. */
export async function sendMany(sqs: SQSClient, queueUrl: string, bodies: readonly string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const Entries = bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }));
  }
}

/** Messages waiting or in flight in the queue, and the delayed ones when asked. */
export async function messagesIn(sqs: SQSClient, queueUrl: string, { delayed = false }: { delayed?: boolean } = {}): Promise<number> {
  const names: QueueAttributeName[] = ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', ...(delayed ? (['ApproximateNumberOfMessagesDelayed'] as const) : [])];
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: names }));
  return names.reduce((sum, name) => sum + Number(out.Attributes?.[name] ?? 0), 0);
}
