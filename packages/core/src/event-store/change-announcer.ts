import type pg from 'pg';

/** What a writer committed, as the console's live views need it: ids only, never data. */
export interface CommittedEvent {
  stream: string;
  connector: string;
  type: string;
}

/** The channel EventNotifications listens on. */
export const EVENTS_CHANNEL = 'hub_events';
const FLUSH_MS = 100;
/** Streams named in one NOTIFY; beyond it `more` tells listeners to refresh whole lists (payload < 8000 bytes). */
const MAX_STREAMS = 100;

/**
 * Announces committed events on hub_events for EventNotifications (the console's live stream, the
 * Slack App Home), coalesced: at most one NOTIFY per 100 ms per pool, sent on its own after the
 * writers' commits. PostgreSQL serialises every committing transaction that notified behind one
 * database-wide lock held until its commit is flushed, so a NOTIFY in each writer's transaction
 * (the trigger of migration 0006, dropped by 0023) made every events writer wait for the one before.
 * The payload is 0006's: { s: schema, c: connectors, t: types, e: streams, more }.
 */
export class ChangeAnnouncer {
  private connectors = new Set<string>();
  private types = new Set<string>();
  private streams = new Set<string>();
  private more = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly pool: Pick<pg.Pool, 'query'>) {}

  announce(events: readonly CommittedEvent[]): void {
    for (const e of events) {
      this.connectors.add(e.connector);
      this.types.add(e.type);
      if (this.streams.size < MAX_STREAMS) this.streams.add(e.stream);
      else if (!this.streams.has(e.stream)) this.more = true;
    }
    if (events.length > 0 && !this.timer) {
      this.timer = setTimeout(() => void this.flush(), FLUSH_MS);
      // A process about to exit does not wait for a live-view hint.
      this.timer.unref();
    }
  }

  private async flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (this.connectors.size === 0) return;
    const payload = { c: [...this.connectors], t: [...this.types], e: [...this.streams], more: this.more };
    this.connectors = new Set();
    this.types = new Set();
    this.streams = new Set();
    this.more = false;
    // A lost hint only delays a live view until its next refresh: the events themselves are committed.
    await this.pool.query(`SELECT pg_notify($1, (jsonb_build_object('s', current_schema()) || $2::jsonb)::text)`, [EVENTS_CHANNEL, JSON.stringify(payload)]).catch(() => undefined);
  }
}

const announcers = new WeakMap<object, ChangeAnnouncer>();

/** The one announcer of a pool (every writer of a process shares its coalescing). */
export function announcerFor(pool: Pick<pg.Pool, 'query'>): ChangeAnnouncer {
  let announcer = announcers.get(pool);
  if (!announcer) {
    announcer = new ChangeAnnouncer(pool);
    announcers.set(pool, announcer);
  }
  return announcer;
}
