import type pg from 'pg';
import { EventTypes, LifecycleEventTypes } from '../event-store/index.js';
import { queueDepth, type ConnectorQueues } from '../queue/index.js';
import { livePendingSql, readFoldMark } from './rollup-fold.js';

export interface QueueHealth {
  /** SQS ApproximateNumberOfMessages / ...NotVisible / ...Delayed of the connector's queue; null when SQS did not answer or was not asked. */
  depth: number | null;
  inFlight: number | null;
  delayed: number | null;
  /**
   * Dead letters in the event store (dead-lettered and not replayed since; what `hub dlq` lists),
   * counted up to 10,000. SQS's own DLQ is no second list: the worker drains it into the store.
   */
  dlq: number;
  /** Webhooks received (or replayed) and not finished yet, from the event store, counted up to 10,000 (the queue depth sizes a bigger backlog). */
  pending: number;
  /**
   * Age of the oldest of those, ms (null when none). Standard SQS queues have no
   * oldest-message attribute through the API the emulator speaks, so this comes from
   * `pending_webhooks` (folded from the events, with those not folded yet): a webhook still waiting in the outbox,
   * the queue, a retry delay or a worker.
   */
  oldestAgeMs: number | null;
}

// Counting a large backlog row by row would make the health query as slow as the backlog is big.
const PENDING_COUNT_CAP = 10_000;

/** Pending count and oldest age per connector: pending_webhooks and the events not folded into it yet (livePendingSql). */
export async function readPending(pool: Pick<pg.Pool, 'query'>, connectors: readonly string[], now: Date): Promise<Map<string, { pending: number; oldestAgeMs: number | null }>> {
  const { rows } = await pool.query<{ connector: string; pending: number; oldest: Date | null }>(livePendingSql(PENDING_COUNT_CAP, '$2'), [connectors, await readFoldMark(pool)]);
  return new Map(rows.map((r) => [r.connector, { pending: r.pending, oldestAgeMs: r.oldest ? Math.max(0, now.getTime() - r.oldest.getTime()) : null }]));
}

/** Depth, in-flight and delayed messages of the queue; nulls when SQS does not answer. */
export async function readQueueDepths(queues: ConnectorQueues, connector: string): Promise<Pick<QueueHealth, 'depth' | 'inFlight' | 'delayed'>> {
  try {
    const queue = await queues.get(connector);
    const main = await queueDepth(queues.sqs, queue.url);
    return { depth: main.visible, inFlight: main.inFlight, delayed: main.delayed };
  } catch {
    // Health is still worth answering without the queue figures (SQS down is itself visible here).
    return { depth: null, inFlight: null, delayed: null };
  }
}

/** Dead letters per connector: its webhook.dead_lettered events with no later lifecycle event (index lookups, capped). */
export async function readDeadLetterCounts(pool: Pick<pg.Pool, 'query'>, connectors: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await pool.query<{ connector: string; dead: number }>(
    `SELECT c.connector, (SELECT count(*)::int FROM (
       SELECT FROM events d WHERE d.connector = c.connector AND d.type = $2
         AND NOT EXISTS (SELECT 1 FROM events l WHERE l.stream = d.stream AND l.id > d.id AND l.type = ANY($3::text[]))
       LIMIT ${PENDING_COUNT_CAP}) AS capped) AS dead
     FROM unnest($1::text[]) AS c(connector)`,
    [connectors, EventTypes.webhookDeadLettered, LifecycleEventTypes],
  );
  return new Map(rows.map((r) => [r.connector, r.dead]));
}
