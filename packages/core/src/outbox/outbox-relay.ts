import { randomUUID } from 'node:crypto';
import os from 'node:os';
import type pg from 'pg';
import { backoffDelayMs, type Backoff } from '../backoff/index.js';
import type { Logger } from '../logger/index.js';
import type { HubMetrics } from '../metrics/index.js';
import type { ConnectorQueues } from '../queue/index.js';
import { OutboxClaims } from './outbox-claims.js';
import { RelayLane } from './relay-lane.js';
import { WakeSignal } from './wake-signal.js';

export interface OutboxRelayOptions {
  pool: pg.Pool;
  queues: ConnectorQueues;
  log: Logger;
  metrics?: HubMetrics | undefined;
  /** Rows a lane claims and sends at once. Default 200 (20 SendMessageBatch calls in parallel). */
  batchSize?: number;
  /** Idle poll interval; an ingress in the same process wakes the relay at once through wake(). */
  pollIntervalMs?: number;
  /** How long claimed rows are held (HUB_RELAY_LEASE_MS); a send is cut off at half of it. Default 10 s. */
  leaseMs?: number;
  /** A failing connector's retries (full jitter). Default 500 ms doubling up to 10 s. */
  backoff?: Backoff;
  /** Visible messages a connector's queue may hold before its rows wait in the outbox (HUB_RELAY_MAX_QUEUE_DEPTH). Default 0: no bound. */
  maxQueueDepth?: number;
  /** How often a lane held by a full queue looks at its depth again. Default 200 ms. */
  holdRecheckMs?: number;
}

const DEFAULT_BACKOFF: Backoff = { baseDelayMs: 500, maxDelayMs: 10_000 };

/**
 * Moves committed outbox rows to each connector's queue, one lane per connector (RelayLane):
 * rows are claimed under a lease, sent outside any transaction, then deleted, so one connector's
 * failing or slow queue never holds back another's rows. A crash after the claim only means the
 * rows are sent when the lease ends (the worker is idempotent): an acknowledged event is never
 * lost. Any number of relays may run at once, in any processes.
 */
export class OutboxRelay {
  private running = false;
  private loop: Promise<void> | undefined;
  private readonly signal = new WakeSignal();
  private readonly lanes = new Map<string, RelayLane>();
  private readonly claims: OutboxClaims;

  constructor(private readonly options: OutboxRelayOptions) {
    this.claims = new OutboxClaims(options.pool, `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`);
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.loop = this.dispatch();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.signal.wake();
    await this.loop;
    await Promise.all([...this.lanes.values()].map((lane) => lane.stop()));
    this.lanes.clear();
  }

  /**
   * Rows were just committed. With their connectors (an ingress in this process knows them), those
   * lanes are set going at once; the outbox is not searched for which connectors have rows, which
   * under a flood was one more statement per group commit that found the same lanes busy (85 a
   * second in `hub up`: docs/benchmarks.md, ninth increment). Without, the search runs now.
   */
  wake(connectors?: Iterable<string>): void {
    if (!connectors) return this.signal.wake();
    if (!this.running) return;
    for (const connector of connectors) this.lane(connector).kick();
  }

  /** Finds the connectors that have rows and sets their lanes going; lanes that fail wait on their own. */
  private async dispatch(): Promise<void> {
    const { log, pollIntervalMs = 500, backoff = DEFAULT_BACKOFF } = this.options;
    let failures = 0;
    while (this.running) {
      let waitMs = pollIntervalMs;
      try {
        for (const connector of await this.claims.connectors()) this.lane(connector).kick();
        failures = 0;
      } catch (err) {
        failures += 1;
        waitMs = backoffDelayMs(failures, backoff, { floorMs: pollIntervalMs });
        log.warn({ err, failures, retryInMs: waitMs }, 'outbox relay could not read the outbox; rows stay there and are retried');
      }
      await this.signal.wait(waitMs);
    }
  }

  private lane(connector: string): RelayLane {
    let lane = this.lanes.get(connector);
    if (!lane) {
      const { queues, log, metrics, batchSize = 200, leaseMs = 10_000, backoff = DEFAULT_BACKOFF, maxQueueDepth = 0, holdRecheckMs = 200 } = this.options;
      lane = new RelayLane({ connector, claims: this.claims, queues, log, metrics, batchSize, leaseMs, backoff, maxQueueDepth, holdRecheckMs });
      this.lanes.set(connector, lane);
    }
    return lane;
  }
}
