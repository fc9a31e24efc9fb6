import type pg from 'pg';
import type { Logger } from '../logger/index.js';

/** Alert event types one statement appended (alert.raised, alert.acknowledged, …) and their connectors. */
export interface AlertChange {
  types: string[];
  connectors: string[];
}

type Listener = (change: AlertChange) => void;

const CHANNEL = 'hub_events'; // migration 0006: one NOTIFY per INSERT statement on events, at COMMIT
const RECONNECT_MS = 1_000;

/**
 * Tells listeners when alerts change state. Every change of the lifecycle appends an alert.* event
 * in its transaction, and the events trigger announces it at COMMIT: LISTEN on that channel (one
 * pooled connection, held while anyone listens) and keep this schema's alert.* announcements.
 * Occurrence counts move without an event, so they do not announce themselves.
 */
export class AlertChanges {
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

  /** Calls `listener` on every alert change until the returned function is called. */
  subscribe(listener: Listener): () => void {
    this.listeners.add(listener);
    void this.ensureListening();
    return () => void this.listeners.delete(listener);
  }

  /** Resolves once LISTEN is in place. */
  ready(): Promise<void> {
    return this.ensureListening();
  }

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
      await client.query(`LISTEN ${CHANNEL}`);
      if (this.closed) return void client.release(true);
      this.client = client;
    } catch (err) {
      client?.release(true);
      this.log.warn({ err }, 'alert changes: LISTEN failed, retrying');
      this.reconnectLater();
    }
  }

  private lost(client: pg.PoolClient, err: Error): void {
    if (this.client !== client) return;
    this.client = undefined;
    client.release(err);
    this.log.warn({ err }, 'alert changes: LISTEN connection lost, reconnecting');
    this.reconnectLater();
  }

  private reconnectLater(): void {
    if (this.closed || this.listeners.size === 0) return;
    clearTimeout(this.retry);
    this.retry = setTimeout(() => void this.ensureListening(), RECONNECT_MS);
    this.retry.unref();
  }

  private dispatch(payload: string | undefined): void {
    let parsed: { s?: string; c?: string[]; t?: string[] };
    try {
      parsed = JSON.parse(payload ?? '') as typeof parsed;
    } catch {
      return;
    }
    // The channel is database-wide: other schemas (other hubs, parallel tests) announce on it too.
    if (parsed.s !== this.schema) return;
    const types = (parsed.t ?? []).filter((t) => t.startsWith('alert.'));
    if (types.length === 0) return;
    for (const listener of this.listeners) listener({ types, connectors: parsed.c ?? [] });
  }
}
