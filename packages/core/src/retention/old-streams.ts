import type pg from 'pg';
import { EventTypes, LifecycleEventTypes } from '../event-store/index.js';
import type { ArchivedEventRow } from './event-archive.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** Why a webhook stream received before the cutoff stays in the store. */
export type KeptReason = 'unfinished' | 'dead_letter' | 'recent';

/** The lowest UUIDv7 of the millisecond `at`: every event id created before it sorts below. */
export function uuidv7Floor(at: Date): string {
  const hex = at.getTime().toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

// Webhook streams (their first event is the webhook.received whose id they carry) received
// before the cutoff, in id order after `$1`: a range scan of the primary key, bounded by `$2`.
const RECEIVED_BEFORE_SQL = `
SELECT id FROM events WHERE id > $1::uuid AND id < $2::uuid AND created_at < $3 AND type = '${EventTypes.webhookReceived}'
ORDER BY id LIMIT $4`;

/** Up to `limit` webhook streams received before `cutoff`, after `cursor` in id order. */
export async function streamsReceivedBefore(db: Queryable, cutoff: Date, cursor: string, limit: number): Promise<string[]> {
  const { rows } = await db.query<{ id: string }>(RECEIVED_BEFORE_SQL, [cursor, uuidv7Floor(cutoff), cutoff, limit]);
  return rows.map((r) => r.id);
}

const CLASSIFY_SQL = `
SELECT c.stream,
  (SELECT max(e.created_at) FROM events e WHERE e.stream = c.stream) AS last_at,
  (SELECT e.type FROM events e WHERE e.stream = c.stream AND e.type = ANY($2::text[]) ORDER BY e.id DESC LIMIT 1) AS last_step,
  (SELECT count(*) FROM events e WHERE e.stream = c.stream)::int AS events,
  EXISTS (SELECT 1 FROM pending_webhooks p WHERE p.stream = c.stream)
    -- A step not folded into pending_webhooks yet (migration 0025) is recent: kept this run.
    OR EXISTS (SELECT 1 FROM events e WHERE e.stream = c.stream AND e.tx >= (SELECT folded_below FROM event_rollup_fold))
    OR EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = c.stream)
    OR EXISTS (SELECT 1 FROM event_leases l WHERE l.event_id = c.stream AND l.expires_at > now()) AS busy
FROM unnest($1::uuid[]) AS c(stream)`;

const DEAD_LETTER_STEPS = new Set<string>([EventTypes.webhookDeadLettered, EventTypes.webhookQuarantined]);

/** Each stream either to archive (with its event count) or kept, and why. */
export async function classifyStreams(db: Queryable, streams: readonly string[], cutoff: Date): Promise<{ archive: Map<string, number>; kept: Map<string, KeptReason> }> {
  const { rows } = await db.query<{ stream: string; last_at: Date; last_step: string | null; events: number; busy: boolean }>(CLASSIFY_SQL, [streams, LifecycleEventTypes]);
  const archive = new Map<string, number>();
  const kept = new Map<string, KeptReason>();
  for (const row of rows) {
    const reason = keptReason(row.last_step, row.busy, row.last_at, cutoff);
    if (reason) kept.set(row.stream, reason);
    else archive.set(row.stream, row.events);
  }
  return { archive, kept };
}

/**
 * Only a processed stream with nothing after the cutoff goes. Dead letters and quarantined events
 * stay until an operator replays them (the DLQ is a work list, not history); anything queued,
 * running or leased stays, and so does a stream touched since the cutoff (a replay, say).
 */
export function keptReason(lastStep: string | null, busy: boolean, lastAt: Date, cutoff: Date): KeptReason | undefined {
  if (lastStep !== null && DEAD_LETTER_STEPS.has(lastStep)) return 'dead_letter';
  if (busy || lastStep !== EventTypes.webhookProcessed) return 'unfinished';
  if (lastAt >= cutoff) return 'recent';
  return undefined;
}

const READ_SQL = `
SELECT id, stream, connector, account, type, provider_event_id, encode(body_digest, 'hex') AS body_digest, data::text AS data, actor,
  to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS created_at
FROM events WHERE stream = ANY($1::uuid[]) ORDER BY stream, id`;

/** Every event of the streams, as archived. */
export async function readStreams(db: Queryable, streams: readonly string[]): Promise<ArchivedEventRow[]> {
  const { rows } = await db.query<ArchivedEventRow>(READ_SQL, [streams]);
  return rows;
}
