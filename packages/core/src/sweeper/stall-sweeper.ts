import type pg from 'pg';
import { forEachConnectorLocked } from '../db/index.js';
import { foldRollups } from '../health/rollup-fold.js';
import type { Logger } from '../logger/index.js';
import type { HubMetrics } from '../metrics/index.js';
import { isQueueMissing, queueDepth, type ConnectorQueues } from '../queue/index.js';
import { requeueStalled, type Requeued } from './requeue-stalled.js';
import { countStalls, oldestOverdue } from './stalled-events.js';

export interface StallSweeperOptions {
  pool: pg.Pool;
  /** The connectors' queues: how many messages are visible in each. */
  queues: ConnectorQueues;
  /** The connectors this sweeper looks after (a worker sweeps the queues it consumes). */
  connectors: readonly string[];
  /** An event whose next step is overdue by more than this, with no message in sight, has stalled. */
  stallAfterMs: number;
  /** Events re-enqueued per transaction. Default 500. */
  batchSize?: number;
  metrics?: HubMetrics;
  log: Logger;
}

/**
 * Finds acknowledged webhooks that have no outcome and no message left to bring them one, and
 * queues them again (webhook.requeued + an outbox row). An event is overdue when its next step
 * was due (its last event, plus the retry delay or throttle wait it recorded) more than
 * `stallAfterMs` ago, it is not in the outbox and no lease is live on it. A queue backlog also
 * makes events overdue without losing them: with V messages visible in the connector's queue and
 * R events due within the threshold (which may own V's messages), at least
 * overdue − max(0, V − R) of the overdue events have no message; that many are re-enqueued,
 * oldest first. Misjudging costs one extra message, which the worker finds finished and skips.
 * One sweeper per connector at a time, across processes (a PostgreSQL advisory lock).
 */
export class StallSweeper {
  constructor(private readonly options: StallSweeperOptions) {}

  /** One pass over the connectors; answers what it re-enqueued. */
  async sweep(): Promise<Requeued[]> {
    // The sweep reads pending_webhooks: first fold in what the writers added since the last fold.
    await foldRollups(this.options.pool);
    return forEachConnectorLocked(this.options.pool, 'stall-sweeper', this.options.connectors, this.options.log, (connector) => this.sweepConnector(connector));
  }

  private async sweepConnector(connector: string): Promise<Requeued[]> {
    const { pool, stallAfterMs, batchSize = 500, metrics, log } = this.options;
    const counts = (await countStalls(pool, [connector], stallAfterMs)).get(connector);
    if (!counts || counts.overdue === 0) return [];
    const visible = await this.visibleMessages(connector);
    const missing = counts.overdue - Math.max(0, visible - counts.due);
    if (missing <= 0) {
      log.debug({ connector, ...counts, visible }, 'overdue events may all wait in the queue backlog');
      return [];
    }
    // One read of the candidates, then batch by batch, each batch its own short transaction.
    const candidates = await oldestOverdue(pool, connector, stallAfterMs, missing);
    const requeued: Requeued[] = [];
    for (let i = 0; i < candidates.length; i += batchSize) {
      const batch = await requeueStalled(pool, connector, candidates.slice(i, i + batchSize), stallAfterMs);
      requeued.push(...batch);
      for (const r of batch) metrics?.sweeperRequeued.inc({ connector, reason: r.reason });
    }
    if (requeued.length > 0) {
      log.warn({ connector, requeued: requeued.length, overdue: counts.overdue, visible, reasons: tally(requeued) }, 'stalled events re-enqueued');
    }
    return requeued;
  }

  /** Messages waiting to be received; a queue that does not exist (deleted, an emulator restarted empty) holds none. */
  private async visibleMessages(connector: string): Promise<number> {
    const queue = await this.options.queues.get(connector);
    try {
      return (await queueDepth(this.options.queues.sqs, queue.url)).visible;
    } catch (err) {
      if (isQueueMissing(err)) return 0;
      throw err;
    }
  }
}

function tally(requeued: readonly Requeued[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const r of requeued) counts[r.reason] = (counts[r.reason] ?? 0) + 1;
  return counts;
}
