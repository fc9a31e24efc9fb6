import { setMaxListeners } from 'node:events';
import { SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { hubError } from '../errors/index.js';
import { sendAbortable } from '../queue/sqs-client.js';
import type { ClaimedRow } from './outbox-claims.js';

/** The message every connector queue carries: ids, never payloads. */
export interface QueueMessageBody {
  eventId: string;
  replay?: boolean;
}

export interface SendResult {
  sent: ClaimedRow[];
  failed: ClaimedRow[];
  /** Why the first failed batch failed. */
  error?: unknown;
}

const messageBody = (row: ClaimedRow): string =>
  JSON.stringify(row.replay ? ({ eventId: row.event_id, replay: true } satisfies QueueMessageBody) : ({ eventId: row.event_id } satisfies QueueMessageBody));

/**
 * Sends rows to one queue, ten per SendMessageBatch, all batches at once; `signal` cuts off a
 * slow queue. Each row is either sent (SQS took it) or failed, batch by batch and entry by entry.
 */
export async function sendToQueue(sqs: SQSClient, queueUrl: string, rows: readonly ClaimedRow[], signal: AbortSignal): Promise<SendResult> {
  const batches: ClaimedRow[][] = [];
  for (let i = 0; i < rows.length; i += 10) batches.push(rows.slice(i, i + 10));
  // Every batch in flight listens on the one signal (up to 20 for a lane's 200 rows), each removed
  // when its request ends: many listeners by design, not the leak Node warns of past 10.
  setMaxListeners(Math.max(10, batches.length + 1), signal);
  const answers = await Promise.allSettled(
    batches.map((batch) => {
      const command = new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: batch.map((row, i) => ({ Id: String(i), MessageBody: messageBody(row) })) });
      return sendAbortable(signal, sqs, command, (options) => sqs.send(command, options));
    }),
  );
  const result: SendResult = { sent: [], failed: [] };
  const fail = (failed: ClaimedRow[], error: unknown) => {
    result.failed.push(...failed);
    if (!('error' in result)) result.error = error;
  };
  answers.forEach((answer, b) => {
    const batch = batches[b] as ClaimedRow[];
    if (answer.status === 'rejected') return fail(batch, answer.reason);
    const refused = new Set((answer.value.Failed ?? []).map((f) => Number(f.Id)));
    result.sent.push(...batch.filter((_, i) => !refused.has(i)));
    if (refused.size > 0) {
      const first = answer.value.Failed?.[0];
      fail(batch.filter((_, i) => refused.has(i)), hubError('HUB_QUEUE_UNAVAILABLE', `SQS refused ${refused.size} of ${batch.length} messages: ${first?.Code ?? 'unknown'} ${first?.Message ?? ''}`.trim()));
    }
  });
  return result;
}
