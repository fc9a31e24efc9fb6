import type pg from 'pg';
import type { Logger } from '@hub/core/logger';

/** What one INSERT statement on events announced (migration 0006): ids only, never data. */
export interface EventChange {
  connectors: string[];
  types: string[];
  /** Streams (our webhook event ids) touched; `more` when some were left out. */
  streams: string[];
  more: boolean;
}

type Listener = (change: EventChange) => void;

const CHANNEL = 'hub_events';
const RECONNECT_MS = 1_000;

/**
 * One LISTEN connection per console process, shared by every open stream. It holds a client of
 * the pool for as long as anyone listens, and filters out other schemas' notifications (the
 * channel is database-wide; test schemas and other hubs share it).
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
    void this.ensureConnected();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Resolves once LISTEN is in place (streams say "ready" only after it). */
  ready(): Promise<void> {
    return this.ensureConnected();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    this.listeners.clear();
    const client = this.client;
    this.client = undefined;
    if (client) {
      client.removeAllListeners('notification');
      client.release(true);
    }
  }

  private ensureConnected(): Promise<void> {
    if (this.client || this.closed) return Promise.resolve();
    this.connecting ??= this.connect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  private async connect(): Promise<void> {
    let client: pg.PoolClient | undefined;
    try {
      client = await this.pool.connect();
      this.schema = (await client.query<{ schema: string }>('SELECT current_schema() AS schema')).rows[0]?.schema;
      client.on('notification', (msg) => this.dispatch(msg.payload));
      client.on('error', (err) => this.lost(client as pg.PoolClient, err));
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed) {
        client.release(true);
        return;
      }
      this.client = client;
    } catch (err) {
      client?.release(true);
      this.log.warn({ err }, 'console live updates: LISTEN failed, retrying');
      this.scheduleReconnect();
    }
  }

  private lost(client: pg.PoolClient, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(err);
    this.log.warn({ err }, 'console live updates: LISTEN connection lost, reconnecting');
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.listeners.size === 0) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.ensureConnected(), RECONNECT_MS);
    this.retry.unref();
  }

  private dispatch(payload: string | undefined): void {
    if (!payload) return;
    let parsed: { s?: string; c?: string[]; t?: string[]; e?: string[]; more?: boolean };
    try {
      parsed = JSON.parse(payload) as typeof parsed;
    } catch {
      return;
    }
    if (parsed.s !== this.schema) return;
    const change: EventChange = { connectors: parsed.c ?? [], types: parsed.t ?? [], streams: parsed.e ?? [], more: parsed.more === true };
    for (const listener of this.listeners) listener(change);
  }
}
