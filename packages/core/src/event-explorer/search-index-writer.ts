import type pg from 'pg';
import type { SideWrite } from '../event-store/index.js';

export interface SearchEntry {
  /** The webhook.received event's own id (the keyset the explorer pages on; the ingress gives its stream the same). */
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string;
  /** From searchLexemes: never empty strings. */
  lexemes: readonly string[];
}

// A webhook handled again (a retry, a replay) keeps its first row. Empty and null lexemes are
// dropped here (array_to_tsvector refuses them): the rows ride on the worker's event appends,
// and a bad search term must never stop a webhook's events from being written. array_remove,
// not a subquery over unnest: a subquery is a sub-plan started for every row.
const insertSql = (rows: string) => `
INSERT INTO event_search (event_id, connector, account, event_type, terms)
SELECT event_id, connector, account, event_type, array_to_tsvector(array_remove(array_remove(lexemes, NULL), ''))
FROM jsonb_to_recordset(${rows}::jsonb) AS t(event_id uuid, connector text, account text, event_type text, lexemes text[])
ON CONFLICT (event_id) DO NOTHING`;

// In event id order: two statements that insert overlapping rows (only possible once a stalled
// holder's lease has expired) then wait for each other in one order, never in a cycle.
const rowsOf = (entries: readonly SearchEntry[]) =>
  JSON.stringify(
    [...entries]
      .sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0))
      .map((e) => ({ event_id: e.eventId, connector: e.connector, account: e.account, event_type: e.eventType, lexemes: e.lexemes })),
  );

/** The search rows as a write that commits with an append of events (EventStore.append's side writes). */
export function searchRowsWrite(entries: readonly SearchEntry[]): SideWrite {
  return { sql: (param) => insertSql(param(rowsOf(entries))) };
}

/** Search rows in a statement of their own (the worker's ride on its event appends instead). */
export async function insertSearchRows(db: Pick<pg.Pool, 'query'>, entries: readonly SearchEntry[]): Promise<void> {
  if (entries.length > 0) await db.query(insertSql('$1'), [rowsOf(entries)]);
}
