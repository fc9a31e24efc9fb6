import type pg from 'pg';
import { prepared } from '../db/prepared-statement.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

// Ordered by event id, so two claimants that want overlapping sets wait for each other in one
// order and never deadlock. A conflicting live lease is left alone: its event is not returned,
// but its row stays locked until the claimant commits (replay requests take turns by it).
const CLAIM_SQL = `
INSERT INTO event_leases (event_id, holder, expires_at)
SELECT t.id, t.holder, now() + make_interval(secs => $3::float8 / 1000)
FROM unnest($1::uuid[], $2::text[]) AS t(id, holder) ORDER BY t.id
ON CONFLICT (event_id) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at
WHERE event_leases.expires_at < now()
RETURNING event_id`;

// Release and renewal lock their rows in event id order first, as claims do: statements that
// touch overlapping leases (a renewal of every held lease beside a batch of releases) then wait
// for each other instead of deadlocking, whatever order the rows arrive in or plan is chosen.
const MINE_IN_ORDER = `
SELECT l.event_id FROM event_leases l JOIN unnest($1::uuid[], $2::text[]) AS t(id, holder) ON l.event_id = t.id AND l.holder = t.holder
ORDER BY l.event_id FOR UPDATE OF l`;

const RELEASE_SQL = `
WITH mine AS (${MINE_IN_ORDER})
DELETE FROM event_leases l USING mine WHERE l.event_id = mine.event_id`;

/**
 * Claims the lease of each event for its holder (one statement); a live lease of another holder
 * stays. Answers the ids claimed. Ids must be distinct.
 */
export async function claimLeases(db: Queryable, claims: readonly { eventId: string; holder: string }[], ttlMs: number): Promise<Set<string>> {
  if (claims.length === 0) return new Set();
  // Prepared: a function scan into an insert, conflicts found by the primary key (prepared()).
  const { rows } = await db.query<{ event_id: string }>(prepared(CLAIM_SQL, [claims.map((c) => c.eventId), claims.map((c) => c.holder), ttlMs]));
  return new Set(rows.map((r) => r.event_id));
}

/** Lets go of leases (only those still held by the holder named). */
export async function releaseLeases(db: Queryable, leases: readonly { eventId: string; holder: string }[]): Promise<void> {
  if (leases.length === 0) return;
  await db.query(RELEASE_SQL, [leases.map((l) => l.eventId), leases.map((l) => l.holder)]);
}

const RENEW_SQL = `
WITH mine AS (${MINE_IN_ORDER})
UPDATE event_leases l SET expires_at = now() + make_interval(secs => $3::float8 / 1000)
FROM mine WHERE l.event_id = mine.event_id`;

/** Pushes the expiry of leases still held by the holders named. */
export async function renewLeases(db: Queryable, leases: readonly { eventId: string; holder: string }[], ttlMs: number): Promise<void> {
  if (leases.length === 0) return;
  await db.query(RENEW_SQL, [leases.map((l) => l.eventId), leases.map((l) => l.holder), ttlMs]);
}

/** How long the live leases of these events still run, in ms (events without one are absent). */
export async function leaseRemainingMs(db: Queryable, eventIds: readonly string[]): Promise<Map<string, number>> {
  const { rows } = await db.query<{ event_id: string; ms: number }>(
    `SELECT event_id, GREATEST(0, extract(epoch FROM expires_at - now()) * 1000)::float8 AS ms FROM event_leases WHERE event_id = ANY($1::uuid[]) AND expires_at > now()`,
    [eventIds],
  );
  return new Map(rows.map((r) => [r.event_id, r.ms]));
}
