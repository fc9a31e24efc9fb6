import type pg from 'pg';
import { queueDepth, type ConnectorQueues } from '../queue/index.js';

export interface QueueHealth {
  /** SQS ApproximateNumberOfMessages / ...NotVisible / ...Delayed of the connector's queue; null when SQS did not answer or was not asked. */
  depth: number | null;
  inFlight: number | null;
  delayed: number | null;
  /** ApproximateNumberOfMessages of the connector's DLQ. */
  dlq: number | null;
  /** Webhooks received (or replayed) and not finished yet, from the event store, counted up to 10,000 (the queue depth sizes a bigger backlog). */
  pending: number;
  /**
   * Age of the oldest of those, ms (null when none). Standard SQS queues have no
   * oldest-message attribute through the API the emulator speaks, so this comes from
   * `pending_webhooks` (kept by the events trigger): a webhook still waiting in the outbox,
   * the queue, a retry delay or a worker.
   */
  oldestAgeMs: number | null;
}

// Counting a large backlog row by row would make the health query as slow as the backlog is big.
const PENDING_COUNT_CAP = 10_000;

/** Pending count and oldest age per connector: an index lookup each on pending_webhooks (connector, queued_at). */
export async function readPending(pool: Pick<pg.Pool, 'query'>, connectors: readonly string[], now: Date): Promise<Map<string, { pending: number; oldestAgeMs: number | null }>> {
  const { rows } = await pool.query<{ connector: string; pending: number; oldest: Date | null }>(
    `SELECT c.connector,
       (SELECT count(*)::int FROM (SELECT FROM pending_webhooks p WHERE p.connector = c.connector LIMIT ${PENDING_COUNT_CAP}) AS capped) AS pending,
       (SELECT min(queued_at) FROM pending_webhooks p WHERE p.connector = c.connector) AS oldest
     FROM unnest($1::text[]) AS c(connector)`,
    [connectors],
  );
  return new Map(rows.map((r) => [r.connector, { pending: r.pending, oldestAgeMs: r.oldest ? Math.max(0, now.getTime() - r.oldest.getTime()) : null }]));
}

/** Depth, in-flight and delayed messages of the queue and the size of its DLQ; nulls when SQS does not answer. */
export async function readQueueDepths(queues: ConnectorQueues, connector: string): Promise<Pick<QueueHealth, 'depth' | 'inFlight' | 'delayed' | 'dlq'>> {
  try {
    const queue = await queues.get(connector);
    const [main, dlq] = await Promise.all([queueDepth(queues.sqs, queue.url), queueDepth(queues.sqs, queue.dlqUrl)]);
    return { depth: main.visible, inFlight: main.inFlight, delayed: main.delayed, dlq: dlq.visible + dlq.inFlight };
  } catch {
    // Health is still worth answering without the queue figures (SQS down is itself visible here).
    return { depth: null, inFlight: null, delayed: null, dlq: null };
  }
}
