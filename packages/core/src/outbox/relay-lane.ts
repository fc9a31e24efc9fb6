import { backoffDelayMs, type Backoff } from '../backoff/index.js';
import type { Logger } from '../logger/index.js';
import type { HubMetrics } from '../metrics/index.js';
import { isQueueMissing, queueDepth, type ConnectorQueues } from '../queue/index.js';
import type { ClaimedRow, OutboxClaims } from './outbox-claims.js';
import { sendToQueue, type SendResult } from './send-to-queue.js';
import { WakeSignal } from './wake-signal.js';

export interface RelayLaneOptions {
  connector: string;
  claims: OutboxClaims;
  queues: ConnectorQueues;
  log: Logger;
  metrics?: HubMetrics | undefined;
  batchSize: number;
  leaseMs: number;
  backoff: Backoff;
  /** Visible messages the queue may hold before this lane stops sending; 0: no bound. */
  maxQueueDepth: number;
  /** How often a lane held by a full queue looks at its depth again. */
  holdRecheckMs: number;
}

type LaneState = 'idle' | 'sending' | 'backing_off';

/**
 * One connector's way from the outbox to its queue: claim a batch under a lease (committed at
 * once), send it with no transaction open, delete what SQS took. A queue that fails holds back
 * this lane alone, with its own backoff; a missing queue is re-created and the send tried again.
 * With a depth bound, a lane sends only what the queue has room for and leaves the rest in the
 * outbox (PostgreSQL, on disk) rather than in a queue that lives in memory.
 */
export class RelayLane {
  private state: LaneState = 'idle';
  private again = false;
  private stopping = false;
  private failures = 0;
  private unavailable = false;
  private held = false;
  private running: Promise<void> | undefined;
  private readonly pause = new WakeSignal();
  private readonly log: Logger;

  constructor(private readonly options: RelayLaneOptions) {
    this.log = options.log.child({ connector: options.connector });
    // A series from the start: a dashboard tells "available" from "never looked at".
    options.metrics?.outboxQueueUnavailable.set({ connector: options.connector }, 0);
    options.metrics?.outboxRelayHeld.set({ connector: options.connector }, 0);
  }

  /** Rows may be waiting: send them unless this lane is already at it or backing off (its backoff timer resumes it). */
  kick(): void {
    if (this.stopping) return;
    if (this.state === 'sending') this.again = true;
    if (this.state !== 'idle') return;
    this.state = 'sending';
    this.running = this.run();
  }

  /** Ends a backoff wait and lets the batch in flight finish (a send is cut off at half the lease). */
  async stop(): Promise<void> {
    this.stopping = true;
    this.pause.wake();
    await this.running;
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      this.again = false;
      const { asked, claimed, retryInMs } = await this.pass();
      if (retryInMs !== undefined) {
        this.state = 'backing_off';
        await this.pause.wait(retryInMs);
        this.state = 'sending';
        continue;
      }
      if (claimed < asked && !this.again) break;
    }
    // Set in the same step as the last check: a kick from now on starts a new run, none is lost in between.
    this.state = 'idle';
  }

  /** One batch: how many rows it asked for and claimed, and when to try again after a failure or a full queue. */
  private async pass(): Promise<{ asked: number; claimed: number; retryInMs?: number }> {
    const { connector, claims, leaseMs } = this.options;
    let rows: ClaimedRow[] = [];
    let asked = 0;
    try {
      asked = await this.room();
      if (asked === 0) return { asked, claimed: 0, retryInMs: this.options.holdRecheckMs };
      rows = await claims.claim(connector, asked, leaseMs);
      if (rows.length === 0) return { asked, claimed: 0 };
      const result = await this.send(rows, AbortSignal.timeout(Math.floor(leaseMs / 2)));
      await claims.delete(result.sent);
      this.options.metrics?.outboxRelayed.inc({ connector }, result.sent.length);
      if (result.failed.length === 0) {
        this.healthy();
        return { asked, claimed: rows.length };
      }
      const retryInMs = this.unsent(result.error, result.failed.length);
      await claims.defer(result.failed, retryInMs);
      return { asked, claimed: rows.length, retryInMs };
    } catch (err) {
      // The database failed (claim, delete or defer): rows still claimed come back when their lease ends.
      this.failures += 1;
      const retryInMs = this.retryDelayMs();
      this.log.warn({ err, failures: this.failures, retryInMs }, 'outbox relay lane could not reach the outbox; its rows are retried');
      return { asked, claimed: rows.length, retryInMs };
    }
  }

  /**
   * How many rows to claim: a batch, or with a depth bound what the queue has room for (0: hold).
   * A depth that cannot be read does not hold the lane: the send finds out what is wrong (and
   * re-creates a missing queue).
   */
  private async room(): Promise<number> {
    const { connector, queues, batchSize, maxQueueDepth } = this.options;
    if (maxQueueDepth === 0) return batchSize;
    let waiting: number;
    try {
      // Visible messages only: delayed ones are retries the worker already started, and counting
      // them would hold a healthy route's new events behind a failing route's retries.
      const url = (await queues.get(connector)).url;
      waiting = (await queueDepth(queues.sqs, url, AbortSignal.timeout(Math.floor(this.options.leaseMs / 2)))).visible;
    } catch {
      return batchSize;
    }
    const room = Math.max(0, Math.min(batchSize, maxQueueDepth - waiting));
    this.holding(room === 0, waiting);
    return room;
  }

  private holding(held: boolean, waiting: number): void {
    if (held === this.held) return;
    this.held = held;
    this.options.metrics?.outboxRelayHeld.set({ connector: this.options.connector }, held ? 1 : 0);
    // Debug, not info: under a flood a lane is held and let go several times a second (the gauge tells the operator).
    if (held) this.log.debug({ waiting, maxQueueDepth: this.options.maxQueueDepth }, "the connector's queue is full: its rows wait in the outbox until the worker takes messages");
    else this.log.debug({ waiting }, "the connector's queue has room again: the relay sends its rows");
  }

  private async send(rows: ClaimedRow[], signal: AbortSignal): Promise<SendResult> {
    const { connector, queues } = this.options;
    let url: string;
    try {
      url = (await queues.get(connector)).url;
    } catch (err) {
      return { sent: [], failed: rows, error: err };
    }
    const first = await sendToQueue(queues.sqs, url, rows, signal);
    if (first.failed.length === 0 || !isQueueMissing(first.error)) return first;
    try {
      url = (await queues.recreate(connector)).url;
    } catch (err) {
      this.log.error({ err, queue: url }, "the connector's queue is missing and could not be re-created; its rows wait in the outbox, other connectors flow");
      return { sent: first.sent, failed: first.failed, error: err };
    }
    this.log.warn({ queue: url, rows: first.failed.length }, "the connector's queue was missing: re-created with its DLQ, sending again");
    const second = await sendToQueue(queues.sqs, url, first.failed, signal);
    return { sent: [...first.sent, ...second.sent], failed: second.failed, error: second.error };
  }

  /** SQS did not take the rows: the connector is reported unavailable; answers how long its rows wait. */
  private unsent(err: unknown, rows: number): number {
    this.failures += 1;
    const retryInMs = this.retryDelayMs();
    if (!this.unavailable) this.options.metrics?.outboxQueueUnavailable.set({ connector: this.options.connector }, 1);
    this.unavailable = true;
    this.log.warn({ err, rows, failures: this.failures, retryInMs }, "outbox relay could not send the connector's rows; they wait for their retry, other connectors flow");
    return retryInMs;
  }

  private retryDelayMs(): number {
    return backoffDelayMs(this.failures, this.options.backoff, { floorMs: this.options.backoff.baseDelayMs / 4 });
  }

  private healthy(): void {
    this.failures = 0;
    if (!this.unavailable) return;
    this.unavailable = false;
    this.options.metrics?.outboxQueueUnavailable.set({ connector: this.options.connector }, 0);
    this.log.info("the connector's queue takes messages again");
  }
}
