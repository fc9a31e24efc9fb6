import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore, type NewEvent } from '../event-store/index.js';
import { claimLeases } from '../event-lease/index.js';
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

  describe('writes that ride along: the search row with the first statement, the lease release with the outcome', () => {
    const lexemes = ['grace', 'hopper'];
    const searchRow = async (eventId: string) => (await pool.query<{ terms: string; tx: string }>(`SELECT terms::text, xmin::text AS tx FROM event_search WHERE event_id = $1`, [eventId])).rows[0];
    const leaseRow = async (eventId: string) => (await pool.query(`SELECT 1 FROM event_leases WHERE event_id = $1`, [eventId])).rowCount;

    it('commits them in the statements of the events, no statement of their own', async () => {
      const stream = uuidv7();
      const lease = { eventId: stream, holder: 'holder-a' };
      expect(await claimLeases(pool, [lease], 30_000)).toEqual(new Set([stream]));
      const journal = new AttemptJournal(appender, lease);
      journal.record(event(stream, 'webhook.processing'));
      journal.index({ eventId: stream, connector: 'stripe', account: null, eventType: 'charge.succeeded', lexemes });
      const query = vi.spyOn(pool, 'query');
      let sent: string[];
      try {
        await journal.append(event(stream, 'action.requested'));
        expect(await leaseRow(stream)).toBe(1); // still held while the call runs
        journal.record(event(stream, 'webhook.processed'));
        await journal.flush();
      } finally {
        sent = query.mock.calls.map((call) => String(call[0]));
        query.mockRestore();
      }
      // Two statements (request, outcome) and the reads above: no INSERT INTO event_search or DELETE of its own.
      expect(sent.filter((q) => /INSERT INTO events/.test(q))).toHaveLength(2);
      expect(sent.filter((q) => /^\s*(INSERT INTO event_search|DELETE FROM event_leases)/.test(q))).toEqual([]);
      const written = await rows(stream);
      expect((await searchRow(stream))?.tx).toBe(written[0]?.tx);
      expect((await searchRow(stream))?.terms).toBe("'grace' 'hopper'");
      expect(await leaseRow(stream)).toBe(0);
      expect(journal.leaseReleased).toBe(true);
    });

    it('leaves the lease to its holder when the final write fails, and lets no search term stop a write', async () => {
      const stream = uuidv7();
      const lease = { eventId: stream, holder: 'holder-b' };
      await claimLeases(pool, [lease], 30_000);
      const failing = new AttemptJournal(appender, lease);
      failing.record({ stream: 'not-a-uuid', connector: 'stripe', type: 'webhook.processed', data: {} });
      await expect(failing.flush()).rejects.toThrow(/uuid/);
      expect(failing.leaseReleased).toBe(false);
      expect(await leaseRow(stream)).toBe(1);

      // Empty terms (array_to_tsvector refuses them) are dropped, the events are written.
      const journal = new AttemptJournal(appender, lease);
      journal.index({ eventId: stream, connector: 'stripe', account: null, eventType: 'charge.succeeded', lexemes: ['', 'ada'] });
      journal.record(event(stream, 'webhook.processed'));
      await journal.flush();
      expect((await rows(stream)).map((r) => r.type)).toEqual(['webhook.processed']);
      expect((await searchRow(stream))?.terms).toBe("'ada'");
      expect(await leaseRow(stream)).toBe(0);
    });

    it('a flush with nothing left to write releases nothing: the holder does', async () => {
      const stream = uuidv7();
      const lease = { eventId: stream, holder: 'holder-c' };
      await claimLeases(pool, [lease], 30_000);
      const journal = new AttemptJournal(appender, lease);
      await journal.flush();
      expect(journal.leaseReleased).toBe(false);
      expect(await leaseRow(stream)).toBe(1);
    });

    it('releases only the lease of the holder named: a lease taken over by another holder stays', async () => {
      const stream = uuidv7();
      await claimLeases(pool, [{ eventId: stream, holder: 'new-holder' }], 30_000);
      const journal = new AttemptJournal(appender, { eventId: stream, holder: 'old-holder' });
      journal.record(event(stream, 'webhook.processed'));
      await journal.flush();
      expect(await leaseRow(stream)).toBe(1);
    });
  });
});
