import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterCommit, withTransaction } from '../db/index.js';
import { claimLeases, leaseRemainingMs, releaseLeases } from '../event-lease/index.js';
import { announcerFor, deriveStatus, EventTypes, LifecycleEventTypes } from '../event-store/index.js';

/** Why an event asked for was not queued again: it is already waiting in its queue, or being processed. */
export type ReplaySkipReason = 'queued' | 'processing';

export interface SkippedReplay {
  eventId: string;
  reason: ReplaySkipReason;
}

/**
 * A queued or retrying event whose last step is older than this is taken as stalled (its message
 * lost, e.g. moved to the SQS DLQ by the redrive policy without a record) and may be replayed.
 * Misjudging a long backlog as stalled costs one extra message, never a second run at once: the
 * worker's lease and the finished status stop it.
 */
export const STALLED_AFTER_MS = 10 * 60_000;
// The replay request holds each event's lease only for its own transaction.
const REQUEST_LEASE_MS = 60_000;

// webhook.replayed and the outbox row (marked replay) are written together: a replay that is
// recorded is also sent, and the worker re-runs the event (idempotency keys keep side effects single).
const REPLAY_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, stream uuid, connector text)
), recorded AS (
  INSERT INTO events (id, stream, connector, account, type, data, actor)
  SELECT i.id, i.stream, i.connector, r.account, '${EventTypes.webhookReplayed}', $2::jsonb, $3
  FROM input i JOIN events r ON r.id = i.stream
  RETURNING stream, connector
)
INSERT INTO outbox (event_id, connector, replay) SELECT stream, connector, true FROM recorded`;

const LAST_STEP_SQL = `
SELECT DISTINCT ON (stream) stream, type, created_at, (data->>'nextAttemptInMs')::float8 AS next_attempt_ms
FROM events WHERE stream = ANY($1::uuid[]) AND type = ANY($2::text[])
ORDER BY stream, id DESC`;

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/** The events among `eventIds` that wait in their queue (not stalled) now. */
async function waitingInQueue(db: Queryable, eventIds: readonly string[]): Promise<Set<string>> {
  const { rows } = await db.query<{ stream: string; type: string; created_at: Date; next_attempt_ms: number | null }>(LAST_STEP_SQL, [eventIds, LifecycleEventTypes]);
  const now = Date.now();
  const waiting = rows.filter((r) => {
    const status = deriveStatus([r.type]);
    if (status !== 'queued' && status !== 'failed') return false;
    return r.created_at.getTime() + (r.next_attempt_ms ?? 0) + STALLED_AFTER_MS > now;
  });
  return new Set(waiting.map((r) => r.stream));
}

/** What a replay of these events would skip, read without taking anything (a dry run). */
export async function replaySkips(pool: pg.Pool, eventIds: readonly string[]): Promise<SkippedReplay[]> {
  const processing = await leaseRemainingMs(pool, eventIds);
  const queued = await waitingInQueue(pool, eventIds.filter((id) => !processing.has(id)));
  return skipsOf(eventIds, processing, queued);
}

function skipsOf(eventIds: readonly string[], processing: { has(id: string): boolean }, queued: ReadonlySet<string>): SkippedReplay[] {
  return eventIds.flatMap((eventId): SkippedReplay[] => (processing.has(eventId) ? [{ eventId, reason: 'processing' }] : queued.has(eventId) ? [{ eventId, reason: 'queued' }] : []));
}

/**
 * Queues one chunk of a replay in one transaction, under each event's lease (the one the workers
 * hold while processing): an event a worker holds is skipped as processing; one whose lease a
 * concurrent replay request holds is waited for, and then found queued by it. Only events neither
 * queued nor processing are recorded as replayed and sent again.
 */
export async function queueReplays(
  pool: pg.Pool,
  events: readonly { eventId: string; connector: string }[],
  record: { replayId: string; data: string; actor: string },
): Promise<{ queued: number; skipped: SkippedReplay[] }> {
  return withTransaction(pool, async (client) => {
    const holder = `replay:${record.replayId}`;
    const leases = [...new Set(events.map((e) => e.eventId))].map((eventId) => ({ eventId, holder }));
    const claimed = await claimLeases(client, leases, REQUEST_LEASE_MS);
    const queued = await waitingInQueue(client, [...claimed]);
    const skipped = skipsOf(
      events.map((e) => e.eventId),
      { has: (id) => !claimed.has(id) },
      queued,
    );
    const skippedIds = new Set(skipped.map((s) => s.eventId));
    const replay = events.filter((e) => !skippedIds.has(e.eventId)).map((e) => ({ id: uuidv7(), stream: e.eventId, connector: e.connector }));
    if (replay.length > 0) {
      await client.query(REPLAY_SQL, [JSON.stringify(replay), record.data, record.actor]);
      afterCommit(client, () => announcerFor(pool).announce(replay.map((r) => ({ stream: r.stream, connector: r.connector, type: EventTypes.webhookReplayed }))));
    }
    await releaseLeases(client, leases.filter((l) => claimed.has(l.eventId)));
    return { queued: replay.length, skipped };
  });
}
