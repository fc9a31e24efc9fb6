import type pg from 'pg';
import { deriveStatus } from '@hub/core/event-store';
import { waitFor } from './wait-for.js';

export interface EventOutcome {
  status: string | undefined;
  /** The data of the stream's action.failed events, in order. */
  failures: Record<string, unknown>[];
  types: string[];
}

/** What the store holds for one webhook: its derived status and its failed calls. */
export async function eventOutcome(admin: pg.Pool, eventId: string): Promise<EventOutcome> {
  const { rows } = await admin.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM events WHERE stream = $1 ORDER BY id', [eventId]);
  const types = rows.map((r) => r.type);
  return { status: deriveStatus(types), failures: rows.filter((r) => r.type === 'action.failed').map((r) => r.data), types };
}

/** Waits until the webhook is processed, dead-lettered or quarantined. */
export function settledOutcome(admin: pg.Pool, eventId: string, timeoutMs = 30_000): Promise<EventOutcome> {
  return waitFor(
    `${eventId} to be processed, dead-lettered or quarantined`,
    async () => {
      const outcome = await eventOutcome(admin, eventId);
      return outcome.status === 'processed' || outcome.status === 'dead_lettered' || outcome.status === 'quarantined' ? outcome : undefined;
    },
    timeoutMs,
    100,
  );
}
