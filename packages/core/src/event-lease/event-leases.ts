import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { Batcher } from '../batching/index.js';
import type { Logger } from '../logger/index.js';
import { claimLeases, leaseRemainingMs, releaseLeases, renewLeases } from './claim-leases.js';

export interface Lease {
  eventId: string;
  holder: string;
}

/** The lease, or how long until the one who holds it should be done. */
export type LeaseAnswer = { acquired: true; lease: Lease } | { acquired: false; retryInMs: number };

export interface EventLeasesOptions {
  /** How long a lease lives without renewal (a holder that dies frees it after this). */
  ttlMs: number;
  log: Logger;
}

/**
 * The worker's side of the per-event lease: one holder processes an event at a time, across
 * replicas, and a replay request finds the event taken. Claims and releases of messages that
 * arrive together share one statement each (the hot path adds two batched statements per
 * batch of messages, no held connection); leases of long handlers are renewed together.
 */
export class EventLeases {
  private readonly held = new Map<string, Lease>();
  private readonly claims: Batcher<string, LeaseAnswer>;
  private readonly releases: Batcher<Lease, undefined>;
  private renewal: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly options: EventLeasesOptions,
  ) {
    // Few statements in flight, so that the claims and releases of concurrent handlers share them
    // (each statement sent costs the worker's one thread more than its rows: measured in docs/benchmarks.md).
    this.claims = new Batcher((ids) => this.claimBatch(ids), { maxBatch: 100, maxInFlight: 2 });
    this.releases = new Batcher(async (leases) => {
      await releaseLeases(pool, leases);
      return leases.map(() => undefined);
    }, { maxBatch: 100, maxInFlight: 1 });
  }

  acquire(eventId: string): Promise<LeaseAnswer> {
    return this.claims.submit(eventId);
  }

  /** Resolves once every release asked for has been sent (for a graceful stop). */
  idle(): Promise<void> {
    return this.releases.idle();
  }

  /** Never throws: a lease that cannot be released expires by itself. */
  async release(lease: Lease): Promise<void> {
    this.held.delete(lease.holder);
    if (this.held.size === 0) this.stopRenewal();
    try {
      await this.releases.submit(lease);
    } catch (err) {
      this.options.log.warn({ err, eventId: lease.eventId }, 'event lease not released; it expires by itself');
    }
  }

  private async claimBatch(ids: string[]): Promise<LeaseAnswer[]> {
    // Two messages of one event in the same batch: only the first may claim it.
    const wanted = new Map<string, string>();
    const holders = ids.map((id) => {
      if (wanted.has(id)) return undefined;
      const holder = randomUUID();
      wanted.set(id, holder);
      return holder;
    });
    const claimed = await claimLeases(this.pool, [...wanted].map(([eventId, holder]) => ({ eventId, holder })), this.options.ttlMs);
    const busy = ids.filter((id, i) => !(holders[i] && claimed.has(id)));
    const remaining = busy.length > 0 ? await leaseRemainingMs(this.pool, busy) : new Map<string, number>();
    return ids.map((eventId, i): LeaseAnswer => {
      const holder = holders[i];
      if (!holder || !claimed.has(eventId)) return { acquired: false, retryInMs: remaining.get(eventId) ?? 1_000 };
      const lease = { eventId, holder };
      this.held.set(holder, lease);
      this.startRenewal();
      return { acquired: true, lease };
    });
  }

  private startRenewal(): void {
    if (this.renewal) return;
    this.renewal = setInterval(() => {
      renewLeases(this.pool, [...this.held.values()], this.options.ttlMs).catch((err: unknown) => this.options.log.warn({ err, held: this.held.size }, 'event leases not renewed'));
    }, this.options.ttlMs / 3);
    this.renewal.unref();
  }

  private stopRenewal(): void {
    clearInterval(this.renewal);
    this.renewal = undefined;
  }
}
