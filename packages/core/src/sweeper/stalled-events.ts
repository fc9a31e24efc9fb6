import type pg from 'pg';
import { EventTypes, LifecycleEventTypes } from '../event-store/index.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

/**
 * The unfinished webhooks (pending_webhooks) of connectors `$1` that may be waiting for a
 * message, with the time their next step is due: the stream's last event; later when the last
 * wait it recorded says so (its `nextAttemptAt`, or else webhook.failed `nextAttemptInMs`: a
 * retry, action.throttled `waitMs`: a rate limit or an open circuit, counted from when it was
 * recorded); and not before its lease expires (a live one: a worker or a replay is at it; a lapsed
 * one: its holder died, and its message comes back a visibility timeout later if it still exists). The leases of `holder`, the sweeper itself, do not count. Left out:
 * events still in the outbox (the relay's backlog). `filter` narrows the rows (SQL over `p`).
 */
const waitingSql = (filter: string, holder: string) => `
SELECT p.stream, p.connector, p.account,
  greatest(last.created_at, w.due_at, lease.expires_at) AS due_at
FROM pending_webhooks p
CROSS JOIN LATERAL (SELECT e.created_at FROM events e WHERE e.stream = p.stream ORDER BY e.id DESC LIMIT 1) AS last
LEFT JOIN LATERAL (
  SELECT CASE WHEN e.data->>'nextAttemptAt' ~ '^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z$' THEN (e.data->>'nextAttemptAt')::timestamptz
    ELSE e.created_at + make_interval(secs => coalesce(CASE
      WHEN e.type = '${EventTypes.webhookFailed}' AND jsonb_typeof(e.data->'nextAttemptInMs') = 'number' THEN (e.data->>'nextAttemptInMs')::float8
      WHEN e.type = '${EventTypes.actionThrottled}' AND jsonb_typeof(e.data->'waitMs') = 'number' THEN (e.data->>'waitMs')::float8
    END, 0) / 1000) END AS due_at
  FROM events e WHERE e.stream = p.stream AND e.type IN ('${EventTypes.webhookFailed}', '${EventTypes.actionThrottled}')
  ORDER BY e.id DESC LIMIT 1
) AS w ON true
LEFT JOIN event_leases lease ON lease.event_id = p.stream AND lease.holder IS DISTINCT FROM ${holder}
WHERE p.connector = ANY($1::text[]) AND ${filter}
  AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.event_id = p.stream)`;

// $2: the stall threshold in ms.
const OVERDUE = `due_at < now() - make_interval(secs => $2::float8 / 1000)`;
// Every step of an event comes after it was queued: only one queued before the threshold can be overdue (an index range).
const QUEUED_BEFORE_THRESHOLD = `p.queued_at < now() - make_interval(secs => $2::float8 / 1000)`;

const COUNTS_SQL = `
SELECT connector,
  count(*) FILTER (WHERE ${OVERDUE})::int AS overdue,
  count(*) FILTER (WHERE NOT (${OVERDUE}) AND due_at <= now())::int AS due
FROM (${waitingSql('true', 'NULL')}) AS w GROUP BY connector`;

/**
 * Per connector: events overdue by more than the threshold, and events due within it (whose
 * message may be the one visible in the queue now).
 */
export interface StallCounts {
  overdue: number;
  due: number;
}

export async function countStalls(db: Queryable, connectors: readonly string[], stallAfterMs: number): Promise<Map<string, StallCounts>> {
  const { rows } = await db.query<{ connector: string; overdue: number; due: number }>(COUNTS_SQL, [connectors, stallAfterMs]);
  return new Map(rows.map((r) => [r.connector, { overdue: r.overdue, due: r.due }]));
}

export interface StalledEvent {
  stream: string;
  connector: string;
  account: string | null;
  /** The last lifecycle event: what the event stalled in (queued, processing, waiting for a retry). */
  lastStep: string;
  dueAt: Date;
}

// $3: how many, oldest due first (after a lost queue those are the ones without a message).
const OLDEST_OVERDUE_SQL = `
SELECT w.stream, w.connector, w.account, w.due_at, step.type AS last_step
FROM (${waitingSql(QUEUED_BEFORE_THRESHOLD, 'NULL')}) AS w
CROSS JOIN LATERAL (SELECT e.type FROM events e WHERE e.stream = w.stream AND e.type = ANY($4::text[]) ORDER BY e.id DESC LIMIT 1) AS step
WHERE ${OVERDUE} ORDER BY w.due_at LIMIT $3`;

/** Up to `limit` overdue events of `connector`, oldest due first. */
export async function oldestOverdue(db: Queryable, connector: string, stallAfterMs: number, limit: number): Promise<StalledEvent[]> {
  const { rows } = await db.query<{ stream: string; connector: string; account: string | null; due_at: Date; last_step: string }>(OLDEST_OVERDUE_SQL, [
    [connector],
    stallAfterMs,
    limit,
    LifecycleEventTypes,
  ]);
  return rows.map((r) => ({ stream: r.stream, connector: r.connector, account: r.account, lastStep: r.last_step, dueAt: r.due_at }));
}

// $3: streams, $4: the sweeper's lease holder.
const STILL_OVERDUE_SQL = `SELECT w.stream FROM (${waitingSql(`p.stream = ANY($3::uuid[]) AND ${QUEUED_BEFORE_THRESHOLD}`, '$4')}) AS w WHERE ${OVERDUE}`;

/**
 * Which of `streams` are still overdue, read anew once the sweeper holds their leases: whatever a
 * worker or another sweeper recorded meanwhile is committed by then, and moves the due time.
 */
export async function stillOverdue(db: Queryable, connector: string, streams: readonly string[], stallAfterMs: number, holder: string): Promise<Set<string>> {
  const { rows } = await db.query<{ stream: string }>(STILL_OVERDUE_SQL, [[connector], stallAfterMs, streams, holder]);
  return new Set(rows.map((r) => r.stream));
}
