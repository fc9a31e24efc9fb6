import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { Batcher, ItemFailure } from '../batching/index.js';
import { isConnectionError, prepared } from '../db/index.js';
import { announcerFor } from './change-announcer.js';
import { EventTypes } from './event-types.js';

export interface IncomingWebhook {
  connector: string;
  /** The account the signature proved, or null (none given, or one only claimed: see webhook.received `claimedAccount`). */
  account: string | null;
  providerEventId: string;
  /**
   * SHA-256 of the signed body (hex), for schemes that sign no timestamp: a second webhook of the
   * connector with the same digest is a replay of the first, whatever its delivery id.
   */
  bodyDigest?: string | undefined;
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
  /**
   * Called after each commit that queued outbox rows, with the connectors they are for: wakes
   * those lanes of an outbox relay in this process. (Not NOTIFY: PostgreSQL serialises every
   * committing transaction that notifies behind one lock.)
   */
  onQueued?: (connectors: readonly string[]) => void;
}

// One JSON array parameter (not unnest of arrays): no per-element escaping in node and no
// array-literal parsing in PostgreSQL; measured ~25 % faster for 2 KB payloads.
// ON CONFLICT without a target: a row is skipped when it repeats a provider event id
// (events_webhook_dedupe) or a body digest (events_webhook_body_dedupe), whichever it hits; a
// body digest whose first webhook retention has deleted since is kept in webhook_digests_retired.
const ingestSql = (rowFilter: string) => `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb)
    AS t(id uuid, connector text, account text, provider_event_id text, body_digest text, data jsonb)
), inserted AS (
  INSERT INTO events (id, stream, connector, account, type, provider_event_id, body_digest, data)
  SELECT id, id, connector, account, '${EventTypes.webhookReceived}', provider_event_id, decode(body_digest, 'hex'), data FROM input i
  ${rowFilter}
  ON CONFLICT DO NOTHING
  RETURNING id, connector
), queued AS (
  INSERT INTO outbox (event_id, connector) SELECT id, connector FROM inserted ORDER BY id
)
SELECT id FROM inserted`;

// A batch with no body digest (every timestamp scheme: Stripe, Slack, Standard Webhooks) runs
// prepared: its plan is a function scan into two inserts whatever the tables hold. The retired
// digests' lookup is a join the planner chooses by the table's size, so a batch with digests is
// planned on each run.
const INGEST_SQL = ingestSql(
  `WHERE i.body_digest IS NULL OR NOT EXISTS (SELECT 1 FROM webhook_digests_retired r WHERE r.connector = i.connector AND r.body_digest = decode(i.body_digest, 'hex'))`,
);
const INGEST_WITHOUT_DIGESTS_SQL = ingestSql('');

// The first copies of skipped rows: by provider event id, and by body digest (stored, or retired by retention); each join on its own index.
const FIND_EXISTING_SQL = `
SELECT e.id, e.connector, e.provider_event_id, NULL AS body_digest FROM events e
JOIN unnest($1::text[], $2::text[]) AS k(connector, provider_event_id)
  ON e.connector = k.connector AND e.provider_event_id = k.provider_event_id
WHERE e.type = '${EventTypes.webhookReceived}'
UNION ALL
SELECT e.id, e.connector, NULL, encode(e.body_digest, 'hex') FROM events e
JOIN unnest($3::text[], $4::text[]) AS k(connector, body_digest)
  ON e.connector = k.connector AND e.body_digest = decode(k.body_digest, 'hex')
WHERE e.type = '${EventTypes.webhookReceived}' AND e.body_digest IS NOT NULL
UNION ALL
SELECT r.event_id, r.connector, NULL, encode(r.body_digest, 'hex') FROM webhook_digests_retired r
JOIN unnest($3::text[], $4::text[]) AS k(connector, body_digest)
  ON r.connector = k.connector AND r.body_digest = decode(k.body_digest, 'hex')`;

/**
 * Durably records verified webhooks: `webhook.received` + an outbox row in one statement
 * (one transaction), group-committed across concurrent requests. A provider event id (or a
 * body digest) already stored resolves to the first event's id with `duplicate: true`.
 */
export class WebhookIngestor {
  private readonly committer: Batcher<IncomingWebhook, IngestResult>;
  private readonly onQueued: (connectors: readonly string[]) => void;

  constructor(
    private readonly pool: pg.Pool,
    { maxBatch = 500, maxInFlight = 4, onQueued = () => undefined }: WebhookIngestorOptions = {},
  ) {
    this.onQueued = onQueued;
    this.committer = new Batcher((items) => this.flush(items), { maxBatch, maxInFlight });
  }

  ingest(webhook: IncomingWebhook): Promise<IngestResult> {
    return this.committer.submit(webhook);
  }

  idle(): Promise<void> {
    return this.committer.idle();
  }

  private async flush(items: IncomingWebhook[]): Promise<(IngestResult | ItemFailure)[]> {
    try {
      return await this.insert(items);
    } catch (err) {
      // One row PostgreSQL refuses must not fail the others that shared its statement:
      // retry them one by one (each then succeeds or fails on its own). A database that is
      // down fails them all anyway, so that case is not retried here.
      if (items.length === 1 || isConnectionError(err)) throw err;
      const settled = await Promise.allSettled(items.map((item) => this.insert([item])));
      return settled.map((r) => (r.status === 'fulfilled' ? (r.value[0] as IngestResult) : new ItemFailure(r.reason)));
    }
  }

  private async insert(items: IncomingWebhook[]): Promise<IngestResult[]> {
    const ids = items.map(() => uuidv7());
    const json = items
      .map(
        (item, i) =>
          `{"id":"${ids[i]}","connector":${JSON.stringify(item.connector)},"account":${JSON.stringify(item.account)},"provider_event_id":${JSON.stringify(item.providerEventId)},"body_digest":${JSON.stringify(item.bodyDigest ?? null)},"data":${item.dataJson}}`,
      )
      .join(',');
    const values = [`[${json}]`];
    const withDigests = items.some((item) => item.bodyDigest !== undefined);
    const { rows } = await this.pool.query<{ id: string }>(withDigests ? { text: INGEST_SQL, values } : prepared(INGEST_WITHOUT_DIGESTS_SQL, values));
    const inserted = new Set(rows.map((r) => r.id));
    if (inserted.size > 0) {
      const queued = items.flatMap((item, i) => (inserted.has(ids[i] as string) ? [{ stream: ids[i] as string, connector: item.connector, type: EventTypes.webhookReceived }] : []));
      this.onQueued([...new Set(queued.map((q) => q.connector))]);
      announcerFor(this.pool).announce(queued);
    }
    if (inserted.size === items.length) return ids.map((eventId) => ({ eventId, duplicate: false }));

    const missing = items.filter((_, i) => !inserted.has(ids[i] as string));
    const withDigest = missing.filter((item) => item.bodyDigest !== undefined);
    const existing = await this.pool.query<{ id: string; connector: string; provider_event_id: string | null; body_digest: string | null }>(FIND_EXISTING_SQL, [
      missing.map((i) => i.connector),
      missing.map((i) => i.providerEventId),
      withDigest.map((i) => i.connector),
      withDigest.map((i) => i.bodyDigest),
    ]);
    const byEventId = new Map<string, string>();
    const byDigest = new Map<string, string>();
    for (const r of existing.rows) {
      if (r.provider_event_id !== null) byEventId.set(`${r.connector}\u0000${r.provider_event_id}`, r.id);
      if (r.body_digest !== null) byDigest.set(`${r.connector}\u0000${r.body_digest}`, r.id);
    }
    return items.map((item, i) => {
      const id = ids[i] as string;
      if (inserted.has(id)) return { eventId: id, duplicate: false };
      // The same delivery again first; otherwise the first delivery of the same signed body.
      const first = byEventId.get(`${item.connector}\u0000${item.providerEventId}`) ?? (item.bodyDigest === undefined ? undefined : byDigest.get(`${item.connector}\u0000${item.bodyDigest}`));
      // The first copy exists: the conflict that skipped this row proves it.
      return { eventId: first ?? id, duplicate: true };
    });
  }
}
