import { SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import type pg from 'pg';
import { withTransaction } from '../db/index.js';
import { hubError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import type { ConnectorQueues } from '../queue/index.js';

export interface OutboxRelayOptions {
  pool: pg.Pool;
  queues: ConnectorQueues;
  log: Logger;
  batchSize?: number;
  /** Relay loops running at once (SKIP LOCKED keeps them, and other replicas, apart). */
  parallel?: number;
  /** Idle poll interval; an ingress in the same process wakes the relay at once through wake(). */
  pollIntervalMs?: number;
}

interface OutboxRow {
  event_id: string;
  connector: string;
  replay: boolean;
}

/** The message every connector queue carries: ids, never payloads. */
export interface QueueMessageBody {
  eventId: string;
  replay?: boolean;
}

const CLAIM_SQL = `DELETE FROM outbox WHERE id IN (
  SELECT id FROM outbox ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED
) RETURNING event_id, connector, replay`;

/**
 * Moves committed outbox rows to each connector's queue. Rows are deleted in the same
 * transaction that sends them: if the process dies before COMMIT, the rows come back
 * and are sent again (the worker is idempotent), so an acknowledged event is never lost.
 */
export class OutboxRelay {
  private running = false;
  private wakers: (() => void)[] = [];
  private loops: Promise<void>[] = [];

  constructor(private readonly options: OutboxRelayOptions) {}

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loops = Array.from({ length: this.options.parallel ?? 2 }, () => this.loop());
  }

  async stop(): Promise<void> {
    this.running = false;
    this.wake();
    await Promise.all(this.loops);
  }

  /** Claims up to one batch, sends it, commits. Returns how many rows were relayed. */
  async relayOnce(): Promise<number> {
    const { pool, queues, batchSize = 200 } = this.options;
    return withTransaction(pool, async (client) => {
      const { rows } = await client.query<OutboxRow>(CLAIM_SQL, [batchSize]);
      if (rows.length === 0) return 0;
      const byConnector = new Map<string, OutboxRow[]>();
      for (const row of rows) byConnector.set(row.connector, [...(byConnector.get(row.connector) ?? []), row]);
      const sends: Promise<void>[] = [];
      for (const [connector, list] of byConnector) {
        const queue = await queues.get(connector);
        for (let i = 0; i < list.length; i += 10) sends.push(this.sendBatch(queue.url, list.slice(i, i + 10)));
      }
      await Promise.all(sends);
      return rows.length;
    });
  }

  private async sendBatch(queueUrl: string, rows: OutboxRow[]): Promise<void> {
    const out = await this.options.queues.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: rows.map((row, i) => ({
          Id: String(i),
          MessageBody: JSON.stringify(row.replay ? { eventId: row.event_id, replay: true } : { eventId: row.event_id } satisfies QueueMessageBody),
        })),
      }),
    );
    if (out.Failed && out.Failed.length > 0) {
      throw hubError('HUB_QUEUE_UNAVAILABLE', `SQS refused ${out.Failed.length} of ${rows.length} messages: ${out.Failed[0]?.Code}`);
    }
  }

  private async loop(): Promise<void> {
    const { log, batchSize = 200, pollIntervalMs = 500 } = this.options;
    let failures = 0;
    while (this.running) {
      try {
        const sent = await this.relayOnce();
        failures = 0;
        if (sent >= batchSize) continue;
        await this.sleep(pollIntervalMs);
      } catch (err) {
        failures += 1;
        log.warn({ err, failures }, 'outbox relay failed; rows stay in the outbox and are retried');
        await this.sleep(Math.min(10_000, 200 * 2 ** Math.min(failures, 6)));
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const waker = () => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        this.wakers = this.wakers.filter((w) => w !== waker);
        resolve();
      }, ms);
      this.wakers.push(waker);
    });
  }

  /** Ends the idle wait of every loop: rows were just committed. */
  wake(): void {
    this.wakers.splice(0).forEach((w) => w());
  }
}
