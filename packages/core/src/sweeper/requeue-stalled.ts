import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterCommit, withTransaction } from '../db/index.js';
import { claimLeases, releaseLeases } from '../event-lease/index.js';
import { announcerFor, EventTypes, deriveStatus } from '../event-store/index.js';
import { stillOverdue, type StalledEvent } from './stalled-events.js';

/** What the event stalled in: queued and never received, processing with nobody at it, or waiting for a retry that never came. */
export type StallReason = 'never_received' | 'abandoned' | 'retry_lost';

export interface Requeued {
  eventId: string;
  connector: string;
  reason: StallReason;
  stalledForMs: number;
}

const REASON_BY_STATUS: Partial<Record<string, StallReason>> = { queued: 'never_received', processing: 'abandoned', failed: 'retry_lost' };

// webhook.requeued and the outbox row in one statement: a requeue that is recorded is also sent.
const REQUEUE_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, stream uuid, connector text, account text, data jsonb)
), recorded AS (
  INSERT INTO events (id, stream, connector, account, type, data)
  SELECT id, stream, connector, account, '${EventTypes.webhookRequeued}', data FROM input
  RETURNING stream, connector
)
INSERT INTO outbox (event_id, connector) SELECT stream, connector FROM recorded`;

// Held only inside the transaction (released before COMMIT): a worker that wants the event waits for it.
const SWEEP_LEASE_MS = 60_000;

/**
 * Queues again those of `candidates` (overdue events of one connector, from oldestOverdue) that are
 * still stalled, in one transaction: their pending rows locked with SKIP LOCKED (another sweeper at
 * them leaves them), their leases claimed (a worker at one keeps it), their due time read anew
 * under the lease, then webhook.requeued and an outbox row for each still overdue. The requeue is
 * the stream's newest step, so the next sweep finds the event due now, not stalled: one requeue
 * per stall.
 */
export async function requeueStalled(pool: pg.Pool, connector: string, candidates: readonly StalledEvent[], stallAfterMs: number): Promise<Requeued[]> {
  if (candidates.length === 0) return [];
  return withTransaction(pool, async (client) => {
    const { rows: locked } = await client.query<{ stream: string }>('SELECT stream FROM pending_webhooks WHERE stream = ANY($1::uuid[]) FOR UPDATE SKIP LOCKED', [candidates.map((c) => c.stream)]);
    const holder = `sweeper:${randomUUID()}`;
    const leases = locked.map((r) => ({ eventId: r.stream, holder }));
    const claimed = await claimLeases(client, leases, SWEEP_LEASE_MS);
    const still = claimed.size > 0 ? await stillOverdue(client, connector, [...claimed], stallAfterMs, holder) : new Set<string>();
    const now = Date.now();
    const stalled = candidates.filter((c) => still.has(c.stream)).map((c) => ({ event: c, requeued: toRequeued(c, now) }));
    if (stalled.length > 0) {
      const rows = stalled.map(({ event, requeued }) => ({
        id: uuidv7(),
        stream: event.stream,
        connector,
        account: event.account,
        data: { reason: requeued.reason, stalledForMs: requeued.stalledForMs, lastStep: event.lastStep, dueAt: event.dueAt.toISOString() },
      }));
      await client.query(REQUEUE_SQL, [JSON.stringify(rows)]);
      afterCommit(client, () => announcerFor(pool).announce(rows.map((r) => ({ stream: r.stream, connector, type: EventTypes.webhookRequeued }))));
    }
    await releaseLeases(client, leases.filter((l) => claimed.has(l.eventId)));
    return stalled.map((s) => s.requeued);
  });
}

function toRequeued(stalled: StalledEvent, now: number): Requeued {
  const reason = REASON_BY_STATUS[deriveStatus([stalled.lastStep]) ?? ''] ?? 'abandoned';
  return { eventId: stalled.stream, connector: stalled.connector, reason, stalledForMs: Math.max(0, now - stalled.dueAt.getTime()) };
}
