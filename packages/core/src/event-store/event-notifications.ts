import type pg from 'pg';
import type { Logger } from '../logger/index.js';
import { EVENTS_CHANNEL } from './change-announcer.js';

/** What writers announced after committing events (ChangeAnnouncer, coalesced): ids only, never data. */
export interface EventChange {
  connectors: string[];
  types: string[];
  /** Streams (our webhook event ids) touched; `more` when some were left out. */
  streams: string[];
  more: boolean;
}

type Listener = (change: EventChange) => void;

const RECONNECT_MS = 1_000;

/**
 * LISTEN on the events channel for one process (the console's live stream, the Slack App Home):
 * one pooled connection, held while anyone listens, reopened a second after it is lost. The
 * channel is database-wide (other hubs and parallel test schemas announce on it too), so only
 * this pool's schema's announcements reach the listeners; each listener keeps what it needs.
 */
export class EventNotifications {
  private readonly listeners = new Set<Listener>();
  private client: pg.PoolClient | undefined;
  private connecting: Promise<void> | undefined;
  private schema: string | undefined;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly pool: pg.Pool,
    private readonly log: Logger,
  ) {}

  /** Calls `listener` for every change until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    void this.ensureListening();
    return () => void this.listeners.delete(listener);
  }

  /** Resolves once LISTEN is in place (nothing committed after that is missed). */
  ready(): Promise<void> {
    return this.ensureListening();
  }

  /** Stops listening and gives the connection back, so the pool can end. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.listeners.clear();
    await this.connecting;
    const client = this.client;
    this.client = undefined;
    client?.removeAllListeners('notification');
    client?.release(true);
  }

  private ensureListening(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.listen().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async listen(): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      const listening = client;
      this.schema = (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema;
      client.on('notification', (msg) => this.dispatch(msg.payload));
      client.on('error', (err) => this.lost(listening, err));
      await client.query(`LISTEN ${EVENTS_CHANNEL}`);
      if (this.closed) return void client.release(true);
      this.client = client;
    } catch (err) {
      client?.release(true);
      this.log.warn({ err }, 'event notifications: LISTEN failed, retrying');
      this.reconnectLater();
    }
  }

  private lost(client: pg.PoolClient, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(err);
    this.log.warn({ err }, 'event notifications: LISTEN connection lost, reconnecting');
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed || this.listeners.size === 0) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.ensureListening(), RECONNECT_MS);
    this.retry.unref();
  }

  private dispatch(payload: string | undefined): void {
    let parsed: { s?: string; c?: string[]; t?: string[]; e?: string[]; more?: boolean };
    try {
      parsed = JSON.parse(payload ?? '') as typeof parsed;
    } catch {
      return;
    }
    if (parsed.s !== this.schema) return;
    const change: EventChange = { connectors: parsed.c ?? [], types: parsed.t ?? [], streams: parsed.e ?? [], more: parsed.more === true };
    for (const listener of this.listeners) listener(change);
  }
}
