import type pg from 'pg';
import { Batcher } from '../batching/index.js';

export interface SearchEntry {
  /** The webhook.received event's own id (the keyset the explorer pages on; the ingress gives its stream the same). */
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string;
  /** From searchLexemes: never empty strings. */
  lexemes: readonly string[];
}

// One statement per flush; a webhook handled again (a retry, a replay) keeps its first row.
const INSERT_SQL = `
INSERT INTO event_search (event_id, connector, account, event_type, terms)
SELECT event_id, connector, account, event_type, array_to_tsvector(lexemes)
FROM jsonb_to_recordset($1::jsonb) AS t(event_id uuid, connector text, account text, event_type text, lexemes text[])
ON CONFLICT (event_id) DO NOTHING`;

/**
 * Writes the explorer's search rows from many concurrent handlers with group commit (one INSERT
 * per flush, like the worker's event appends), so indexing costs the worker one small statement
 * per batch and the ingress nothing.
 */
export class SearchIndexWriter {
  private readonly committer: Batcher<SearchEntry, undefined>;

  constructor(pool: Pick<pg.Pool, 'query'>, { maxBatch = 500, maxInFlight = 2 } = {}) {
    this.committer = new Batcher(async (entries) => {
      const rows = entries.map((e) => ({ event_id: e.eventId, connector: e.connector, account: e.account, event_type: e.eventType, lexemes: e.lexemes }));
      await pool.query(INSERT_SQL, [JSON.stringify(rows)]);
      return entries.map(() => undefined);
    }, { maxBatch, maxInFlight });
  }

  async index(entry: SearchEntry): Promise<void> {
    await this.committer.submit(entry);
  }

  idle(): Promise<void> {
    return this.committer.idle();
  }
}
