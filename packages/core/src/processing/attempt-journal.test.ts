import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore, type NewEvent } from '../event-store/index.js';
import { AttemptJournal } from './attempt-journal.js';
import { EventAppender } from './event-appender.js';

let db: TestDatabase;
let pool: pg.Pool;
let appender: EventAppender;

beforeAll(async () => {
  db = await createTestDatabase('attempt_journal');
  pool = new pg.Pool({ connectionString: db.url, options: `-c search_path=${db.schema} -c role=hub_app`, max: 4 });
  appender = new EventAppender(new EventStore(pool));
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

const event = (stream: string, type: string): NewEvent => ({ stream, connector: 'stripe', type, data: {} });

/** Each row of the stream with the transaction that wrote it (xmin), oldest first. */
async function rows(stream: string): Promise<{ type: string; tx: string }[]> {
  const { rows } = await pool.query<{ type: string; tx: string }>(`SELECT type, xmin::text AS tx FROM events WHERE stream = $1 ORDER BY id`, [stream]);
  return rows;
}

describe('AttemptJournal (the events of one attempt, written in two statements)', () => {
  it('keeps recorded events until an append, then writes them with it in one transaction, in order', async () => {
    const stream = uuidv7();
    const journal = new AttemptJournal(appender);
    journal.record(event(stream, 'webhook.processing'));
    journal.record(event(stream, 'webhook.normalized'));
    expect(await rows(stream)).toEqual([]); // nothing written yet

    await journal.append(event(stream, 'action.requested'));
    const before = await rows(stream);
    expect(before.map((r) => r.type)).toEqual(['webhook.processing', 'webhook.normalized', 'action.requested']);
    expect(new Set(before.map((r) => r.tx)).size).toBe(1);

    journal.record(event(stream, 'action.succeeded'));
    journal.record(event(stream, 'webhook.processed'));
    await journal.flush();
    const after = await rows(stream);
    expect(after.map((r) => r.type)).toEqual(['webhook.processing', 'webhook.normalized', 'action.requested', 'action.succeeded', 'webhook.processed']);
    // The outcome commits with the events it sums up, in a transaction of its own after the request's.
    expect(after[3]?.tx).toBe(after[4]?.tx);
    expect(after[3]?.tx).not.toBe(after[2]?.tx);
  });

  it('keeps the events of concurrent attempts apart: each attempt commits whole, whatever the batching', async () => {
    const streams = Array.from({ length: 40 }, () => uuidv7());
    // Two attempts per statement: were the events batched one by one, attempts would straddle statements.
    const small = new EventAppender(new EventStore(pool), { maxBatch: 2 });
    await Promise.all(
      streams.map(async (stream) => {
        const journal = new AttemptJournal(small);
        journal.record(event(stream, 'webhook.processing'));
        journal.record(event(stream, 'action.succeeded'));
        journal.record(event(stream, 'webhook.processed'));
        await journal.flush();
      }),
    );
    for (const stream of streams) {
      const written = await rows(stream);
      expect(written.map((r) => r.type)).toEqual(['webhook.processing', 'action.succeeded', 'webhook.processed']);
      expect(new Set(written.map((r) => r.tx)).size).toBe(1);
    }
    const statements = await pool.query<{ n: number }>(`SELECT count(DISTINCT xmin::text)::int AS n FROM events WHERE stream = ANY($1::uuid[])`, [streams]);
    expect(statements.rows[0]?.n).toBeGreaterThanOrEqual(20);
  });

  it('a failed write fails flush (the message is not let go) and never goes unhandled', async () => {
    const journal = new AttemptJournal(appender);
    // A stream that is not a UUID makes the INSERT fail.
    journal.record({ stream: 'not-a-uuid', connector: 'stripe', type: 'webhook.processing', data: {} });
    await expect(journal.flush()).rejects.toThrow(/uuid/);
  });

  it('waits for tracked writes before the attempt ends', async () => {
    const journal = new AttemptJournal(appender);
    let done = false;
    journal.track(new Promise((resolve) => setTimeout(resolve, 50)).then(() => (done = true)));
    await journal.flush();
    expect(done).toBe(true);
  });

  describe('the search row rides on the first statement', () => {
    const searchRow = async (eventId: string) => (await pool.query<{ terms: string; tx: string }>(`SELECT terms::text, xmin::text AS tx FROM event_search WHERE event_id = $1`, [eventId])).rows[0];

    it('commits it in the transaction of the attempt\'s first events, with no statement of its own', async () => {
      const stream = uuidv7();
      const journal = new AttemptJournal(appender);
      journal.record(event(stream, 'webhook.processing'));
      journal.index({ eventId: stream, connector: 'stripe', account: null, eventType: 'charge.succeeded', lexemes: ['grace', 'hopper'] });
      const query = vi.spyOn(pool, 'query');
      let sent: string[];
      try {
        await journal.append(event(stream, 'action.requested'));
        journal.record(event(stream, 'webhook.processed'));
        await journal.flush();
      } finally {
        // A prepared statement is sent as a query config ({ name, text, values }).
        sent = query.mock.calls.map(([q]) => (typeof q === 'string' ? q : (q as { text: string }).text));
        query.mockRestore();
      }
      // Two statements (the request, the outcome), none of the search row's own.
      expect(sent.filter((q) => /INSERT INTO events/.test(q))).toHaveLength(2);
      expect(sent.filter((q) => /^\s*INSERT INTO event_search/.test(q))).toEqual([]);
      const written = await rows(stream);
      expect((await searchRow(stream))?.tx).toBe(written[0]?.tx);
      expect((await searchRow(stream))?.terms).toBe("'grace' 'hopper'");
    });

    it('drops an empty or null search term rather than fail the events with it', async () => {
      const stream = uuidv7();
      const journal = new AttemptJournal(appender);
      // null cannot come from searchLexemes; it stands for any term array_to_tsvector refuses.
      journal.index({ eventId: stream, connector: 'stripe', account: null, eventType: 'charge.succeeded', lexemes: ['', 'ada', null as unknown as string, ''] });
      journal.record(event(stream, 'webhook.processed'));
      await journal.flush();
      expect((await rows(stream)).map((r) => r.type)).toEqual(['webhook.processed']);
      expect((await searchRow(stream))?.terms).toBe("'ada'");
    });
  });
});
