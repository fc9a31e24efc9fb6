import type pg from 'pg';
import { hubError } from '../errors/index.js';
import { EventTypes, type WebhookReceivedData } from '../event-store/index.js';
import type { SampleEvent } from './dry-run-event.js';

export const DRY_RUN_DEFAULT_LAST = 20;
export const DRY_RUN_MAX_EVENTS = 200;

interface SampleRow {
  id: string;
  connector: string;
  account: string | null;
  provider_event_id: string | null;
  data: WebhookReceivedData;
  created_at: Date;
}

const COLUMNS = 'id, connector, account, provider_event_id, data, created_at';

// Walks the connector's webhook.received index newest first; the event type is read from data.
const LAST_SQL = `SELECT ${COLUMNS} FROM events
WHERE connector = $1 AND type = '${EventTypes.webhookReceived}' AND data->>'eventType' = $2
ORDER BY id DESC LIMIT $3`;

const BY_ID_SQL = `SELECT ${COLUMNS} FROM events WHERE id = ANY($1::uuid[]) AND type = '${EventTypes.webhookReceived}'`;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

type Trigger = { connector: string; event: string };

/**
 * The stored webhooks a dry run reads: the last `last` (newest first) of the trigger's connector
 * and event type, or the events named (in the order given), each of which must be one of those.
 */
export async function readSampleEvents(pool: Pick<pg.Pool, 'query'>, trigger: Trigger, which: { last?: number | undefined; eventIds?: readonly string[] | undefined }): Promise<SampleEvent[]> {
  const eventIds = which.eventIds ?? [];
  if (eventIds.length > 0 && which.last !== undefined) throw hubError('HUB_WORKFLOW_DRY_RUN_INVALID', 'name events or ask for the last N, not both');
  if (eventIds.length === 0) {
    const last = which.last ?? DRY_RUN_DEFAULT_LAST;
    if (!Number.isInteger(last) || last < 1 || last > DRY_RUN_MAX_EVENTS) {
      throw hubError('HUB_WORKFLOW_DRY_RUN_INVALID', `a dry run reads 1 to ${DRY_RUN_MAX_EVENTS} of the last events (got ${last})`);
    }
    const { rows } = await pool.query<SampleRow>(LAST_SQL, [trigger.connector, trigger.event, last]);
    return rows.map(toSample);
  }
  const wanted = [...new Set(eventIds)];
  if (wanted.length > DRY_RUN_MAX_EVENTS) throw hubError('HUB_WORKFLOW_DRY_RUN_INVALID', `a dry run reads at most ${DRY_RUN_MAX_EVENTS} events (got ${wanted.length})`);
  const malformed = wanted.filter((id) => !UUID.test(id));
  if (malformed.length > 0) throw hubError('HUB_EVENT_NOT_FOUND', `not an event id: ${malformed.join(', ')} (event ids are UUIDs, as the console and "hub dlq" show them)`);
  const { rows } = await pool.query<SampleRow>(BY_ID_SQL, [wanted]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const missing = wanted.filter((id) => !byId.has(id.toLowerCase()));
  if (missing.length > 0) throw hubError('HUB_EVENT_NOT_FOUND', `no received webhook with id ${missing.join(', ')}`);
  const samples = wanted.map((id) => byId.get(id.toLowerCase()) as SampleRow);
  const others = samples.filter((r) => r.connector !== trigger.connector || r.data.eventType !== trigger.event);
  if (others.length > 0) {
    const what = others.map((r) => `${r.id} is a ${r.connector} ${r.data.eventType} webhook`).join('; ');
    throw hubError('HUB_WORKFLOW_DRY_RUN_INVALID', `${what}; the workflow triggers on ${trigger.connector} ${trigger.event}`);
  }
  return samples.map(toSample);
}

function toSample(row: SampleRow): SampleEvent {
  return { eventId: row.id, providerEventId: row.provider_event_id, account: row.account, receivedAt: row.created_at, data: row.data };
}
