import { GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { sendAbortable } from './sqs-client.js';

export interface QueueDepth {
  visible: number;
  inFlight: number;
  delayed: number;
}

/** The queue's message counts; `signal` cuts off a queue that does not answer (the relay's depth bound must not hang on it). */
export async function queueDepth(sqs: SQSClient, queueUrl: string, signal?: AbortSignal): Promise<QueueDepth> {
  const command = new GetQueueAttributesCommand({
    QueueUrl: queueUrl,
    AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible', 'ApproximateNumberOfMessagesDelayed'],
  });
  const out = signal ? await sendAbortable(signal, sqs, command, (options) => sqs.send(command, options)) : await sqs.send(command);
  const a = out.Attributes ?? {};
  return {
    visible: Number(a.ApproximateNumberOfMessages ?? 0),
    inFlight: Number(a.ApproximateNumberOfMessagesNotVisible ?? 0),
    delayed: Number(a.ApproximateNumberOfMessagesDelayed ?? 0),
  };
}
