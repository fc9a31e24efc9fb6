import type pg from 'pg';
import { deriveStatus, EventTypes, LifecycleEventTypes, type WebhookReceivedData, type WebhookStatus } from '../event-store/index.js';
import { summarizePayload } from './sample-summary.js';

export const SAMPLES_DEFAULT_LIMIT = 20;
export const SAMPLES_MAX_LIMIT = 200;

/** A stored webhook a builder may try an expression or a version on. */
export interface SampleListItem {
  eventId: string;
  receivedAt: Date;
  status: WebhookStatus | null;
  summary: string;
}

// Newest first on the connector's webhook.received index; each with the status its last lifecycle event gives.
const SAMPLES_SQL = `
SELECT r.id, r.created_at, r.data->'payload' AS payload, (r.data ? 'payload') AS has_payload, last.type AS last_type
FROM events r
LEFT JOIN LATERAL (
  SELECT e.type FROM events e WHERE e.stream = r.stream AND e.type = ANY($4::text[]) ORDER BY e.id DESC LIMIT 1
) last ON true
WHERE r.connector = $1 AND r.type = '${EventTypes.webhookReceived}' AND r.data->>'eventType' = $2
ORDER BY r.id DESC LIMIT $3`;

/** The last `limit` stored webhooks of a trigger (connector and event type), newest first, each with a one-line summary. */
export async function listSamples(pool: Pick<pg.Pool, 'query'>, trigger: { connector: string; event: string }, limit = SAMPLES_DEFAULT_LIMIT): Promise<SampleListItem[]> {
  const { rows } = await pool.query<{ id: string; created_at: Date; payload: WebhookReceivedData['payload']; has_payload: boolean; last_type: string | null }>(SAMPLES_SQL, [
    trigger.connector,
    trigger.event,
    Math.min(Math.max(1, limit), SAMPLES_MAX_LIMIT),
    LifecycleEventTypes,
  ]);
  return rows.map((r) => ({
    eventId: r.id,
    receivedAt: r.created_at,
    status: r.last_type ? (deriveStatus([r.last_type]) ?? null) : null,
    summary: summarizePayload(r.has_payload ? r.payload : undefined),
  }));
}
