import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { GroupCommitter } from '../group-commit/index.js';
import { EventTypes } from './event-types.js';

export interface IncomingWebhook {
  connector: string;
  account: string | null;
  providerEventId: string;
  /** The `data` of the webhook.received event, already serialised (the raw payload is embedded verbatim). */
  dataJson: string;
}

export interface IngestResult {
  eventId: string;
  duplicate: boolean;
}

export interface WebhookIngestorOptions {
  maxBatch?: number;
  maxInFlight?: number;
}

/** NOTIFY channel the outbox relay listens on. */
export function outboxChannel(schema: string): string {
  return `hub_outbox_${schema}`;
}

const INSERT_SQL = (channel: string) => `
WITH input AS (
  SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::jsonb[])
    AS t(id, connector, account, provider_event_id, data)
), inserted AS (
  INSERT INTO events (id, stream, connector, account, type, provider_event_id, data)
  SELECT id, id, connector, account, '${EventTypes.webhookReceived}', provider_event_id, data FROM input
  ON CONFLICT (connector, provider_event_id) WHERE type = '${EventTypes.webhookReceived}' DO NOTHING
  RETURNING id, connector
), queued AS (
  INSERT INTO outbox (event_id, connector) SELECT id, connector FROM inserted ORDER BY id
)
SELECT id, pg_notify('${channel}', '') AS notified FROM inserted`;

const FIND_EXISTING_SQL = `
SELECT e.id, e.connector, e.provider_event_id FROM events e
JOIN unnest($1::text[], $2::text[]) AS k(connector, provider_event_id)
  ON e.connector = k.connector AND e.provider_event_id = k.provider_event_id
WHERE e.type = '${EventTypes.webhookReceived}'`;

/**
 * Durably records verified webhooks: `webhook.received` + an outbox row in one statement
 * (one transaction), group-committed across concurrent requests. A provider event id
 * already stored resolves to the first event's id with `duplicate: true`.
 */
export class WebhookIngestor {
  private readonly committer: GroupCommitter<IncomingWebhook, IngestResult>;
  private readonly insertSql: string;

  constructor(
    private readonly pool: pg.Pool,
    schema: string,
    { maxBatch = 500, maxInFlight = 4 }: WebhookIngestorOptions = {},
  ) {
    this.insertSql = INSERT_SQL(outboxChannel(schema));
    this.committer = new GroupCommitter((items) => this.flush(items), { maxBatch, maxInFlight });
  }

  ingest(webhook: IncomingWebhook): Promise<IngestResult> {
    return this.committer.submit(webhook);
  }

  idle(): Promise<void> {
    return this.committer.idle();
  }

  private async flush(items: IncomingWebhook[]): Promise<IngestResult[]> {
    const ids = items.map(() => uuidv7());
    const { rows } = await this.pool.query<{ id: string }>(this.insertSql, [
      ids,
      items.map((i) => i.connector),
      items.map((i) => i.account),
      items.map((i) => i.providerEventId),
      items.map((i) => i.dataJson),
    ]);
    const inserted = new Set(rows.map((r) => r.id));
    if (inserted.size === items.length) return ids.map((eventId) => ({ eventId, duplicate: false }));

    const missing = items.filter((_, i) => !inserted.has(ids[i] as string));
    const existing = await this.pool.query<{ id: string; connector: string; provider_event_id: string }>(FIND_EXISTING_SQL, [
      missing.map((i) => i.connector),
      missing.map((i) => i.providerEventId),
    ]);
    const byKey = new Map(existing.rows.map((r) => [`${r.connector}\u0000${r.provider_event_id}`, r.id]));
    return items.map((item, i) => {
      const id = ids[i] as string;
      if (inserted.has(id)) return { eventId: id, duplicate: false };
      const first = byKey.get(`${item.connector}\u0000${item.providerEventId}`);
      // The first copy exists: the conflict that skipped this row proves it.
      return { eventId: first ?? id, duplicate: true };
    });
  }
}
