import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterCommit, withTransaction } from '../db/index.js';
import { claimLeases, leaseRemainingMs, releaseLeases } from '../event-lease/index.js';
import { announcerFor, deriveStatus, EventTypes, FinishedStatuses, LifecycleEventTypes } from '../event-store/index.js';

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

/** Where each event stands for a replay: finished (processed, quarantined, dead-lettered), or waiting in its queue (not stalled). */
async function replayStandings(db: Queryable, eventIds: readonly string[]): Promise<{ finished: Set<string>; waiting: Set<string> }> {
  const { rows } = await db.query<{ stream: string; type: string; created_at: Date; next_attempt_ms: number | null }>(LAST_STEP_SQL, [eventIds, LifecycleEventTypes]);
  const now = Date.now();
  const finished = new Set<string>();
  const waiting = new Set<string>();
  for (const r of rows) {
    const status = deriveStatus([r.type]) ?? '';
    if (FinishedStatuses.has(status)) finished.add(r.stream);
    else if ((status === 'queued' || status === 'failed') && r.created_at.getTime() + (r.next_attempt_ms ?? 0) + STALLED_AFTER_MS > now) waiting.add(r.stream);
  }
  return { finished, waiting };
}

/**
 * What a replay skips. An event whose lease another holder has is processing, unless it is
 * finished: then the holder is a worker letting go after the outcome (the release is not awaited)
 * or one that drops a redelivered message, and a replay is safe (the worker reads the status
 * under its lease, so the event runs once for the replay whichever message comes first).
 */
function skipsOf(eventIds: readonly string[], heldElsewhere: (id: string) => boolean, standings: { finished: Set<string>; waiting: Set<string> }): SkippedReplay[] {
  return eventIds.flatMap((eventId): SkippedReplay[] => {
    if (standings.finished.has(eventId)) return [];
    if (heldElsewhere(eventId)) return [{ eventId, reason: 'processing' }];
    return standings.waiting.has(eventId) ? [{ eventId, reason: 'queued' }] : [];
  });
}

/** What a replay of these events would skip, read without taking anything (a dry run). */
export async function replaySkips(pool: pg.Pool, eventIds: readonly string[]): Promise<SkippedReplay[]> {
  const leased = await leaseRemainingMs(pool, eventIds);
  return skipsOf(eventIds, (id) => leased.has(id), await replayStandings(pool, eventIds));
}

/**
 * Queues one chunk of a replay in one transaction, under each event's lease (the one the workers
 * hold while processing): an event a worker holds is skipped as processing unless it is finished.
 * Concurrent requests take turns even then: the claim locks each lease row until commit, live or
 * not (ON CONFLICT DO UPDATE locks a conflicting row whatever its WHERE says), so the second reads
 * after the first committed and finds the event queued. Only events neither queued nor
 * processing are recorded as replayed and sent again.
 */
export async function queueReplays(
  pool: pg.Pool,
  events: readonly { eventId: string; connector: string }[],
  record: { replayId: string; data: string; actor: string },
): Promise<{ queued: number; skipped: SkippedReplay[] }> {
  return withTransaction(pool, async (client) => {
    const holder = `replay:${record.replayId}`;
    const eventIds = [...new Set(events.map((e) => e.eventId))];
    const leases = eventIds.map((eventId) => ({ eventId, holder }));
    const claimed = await claimLeases(client, leases, REQUEST_LEASE_MS);
    const skipped = skipsOf(
      events.map((e) => e.eventId),
      (id) => !claimed.has(id),
      await replayStandings(client, eventIds),
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
