import type pg from 'pg';
import { hubError } from '../errors/index.js';
import { EventTypes } from '../event-store/index.js';
import { listDeadLetters } from './list-dead-letters.js';

/** Which events to replay: named ids, a connector's DLQ (and quarantine), or a time window. */
export type ReplaySelection =
  | { kind: 'ids'; eventIds: string[] }
  | { kind: 'dlq'; connector: string; includeQuarantined?: boolean }
  | { kind: 'window'; connector: string; from: Date; to?: Date };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAX_SELECTION = 100_000;
/** The failure class of an event whose last call may have had its effect (the request was sent, the answer lost). */
export const OUTCOME_UNKNOWN = 'outcome_unknown';

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  return [items.filter(test), items.filter((item) => !test(item))];
}

export interface Selected {
  found: { eventId: string; connector: string }[];
  /** Ids asked for that are not webhook events of this hub. */
  missing: string[];
  /** A DLQ selection's events dead-lettered as outcome_unknown: left out, each replayed by id once an operator knows. */
  outcomeUnknown: string[];
}

/** Resolves a selection to webhook events, oldest first (replay keeps the original order). */
export async function selectForReplay(pool: pg.Pool, selection: ReplaySelection): Promise<Selected> {
  if (selection.kind === 'ids') {
    const malformed = selection.eventIds.filter((id) => !UUID.test(id));
    if (malformed.length > 0) throw hubError('HUB_BAD_REQUEST', `not event ids: ${malformed.slice(0, 5).join(', ')}`);
    const { rows } = await pool.query<{ id: string; connector: string }>(`SELECT id, connector FROM events WHERE id = ANY($1::uuid[]) AND type = $2 ORDER BY id`, [
      selection.eventIds,
      EventTypes.webhookReceived,
    ]);
    const seen = new Set(rows.map((r) => r.id));
    return { found: rows.map((r) => ({ eventId: r.id, connector: r.connector })), missing: selection.eventIds.filter((id) => !seen.has(id)), outcomeUnknown: [] };
  }
  if (selection.kind === 'dlq') {
    const list = (await listDeadLetters(pool, selection.connector, { includeQuarantined: selection.includeQuarantined ?? false, limit: MAX_SELECTION })).reverse();
    // Replaying one of these may repeat a payment or a post: a bulk replay leaves them to an operator.
    const [unknown, decided] = partition(list, (d) => d.errorClass === OUTCOME_UNKNOWN);
    return { found: decided.map((d) => ({ eventId: d.eventId, connector: d.connector })), missing: [], outcomeUnknown: unknown.map((d) => d.eventId) };
  }
  const to = selection.to ?? new Date();
  if (!(selection.from < to)) throw hubError('HUB_BAD_REQUEST', '--from must be before --to');
  const { rows } = await pool.query<{ id: string }>(
    `SELECT id FROM events WHERE connector = $1 AND type = $2 AND created_at >= $3 AND created_at < $4 ORDER BY id LIMIT $5`,
    [selection.connector, EventTypes.webhookReceived, selection.from, to, MAX_SELECTION],
  );
  return { found: rows.map((r) => ({ eventId: r.id, connector: selection.connector })), missing: [], outcomeUnknown: [] };
}
