import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore, type NewEvent } from '../event-store/index.js';
import { EventAppender } from './event-appender.js';

let db: TestDatabase;
let pool: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('event_appender');
  pool = new pg.Pool({ connectionString: db.url, options: `-c search_path=${db.schema} -c role=hub_app`, max: 6 });
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

/** A real store that counts the INSERT statements it sends. */
class CountingStore extends EventStore {
  statements = 0;
  override append(...args: Parameters<EventStore['append']>): Promise<string[]> {
    this.statements += 1;
    return super.append(...args);
  }
}

const event = (stream: string): NewEvent => ({ stream, connector: 'stripe', type: 'webhook.processing', data: {} });
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('EventAppender (group commit of the worker handlers’ events)', () => {
  it('sends one statement at a time: appends asked for while one runs all share the next', async () => {
    const store = new CountingStore(pool);
    const appender = new EventAppender(store);
    // Hold every INSERT on events (SHARE ROW EXCLUSIVE conflicts with an insert's ROW EXCLUSIVE)
    // so the first statement is still running while the others are asked for.
    // The hub's role may not lock the table: the blocker connects as the schema's owner.
    const blocker = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema}` });
    await blocker.connect();
    const streams = Array.from({ length: 11 }, () => uuidv7());
    const done: Promise<string[]>[] = [];
    try {
      await blocker.query('BEGIN');
      await blocker.query('LOCK TABLE events IN SHARE ROW EXCLUSIVE MODE');
      for (const stream of streams) {
        done.push(appender.appendAll([event(stream)]));
        // A turn of the event loop each: a second lane, were there one, would take the next alone.
        await nextTurn();
        await nextTurn();
      }
      expect(store.statements).toBe(1);
    } finally {
      await blocker.query('COMMIT');
      await blocker.end();
    }
    await Promise.all(done);
    // The first alone, the ten that waited in one statement (two lanes: 1 + 1 + 9, three statements).
    expect(store.statements).toBe(2);
    const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE stream = ANY($1::uuid[])', [streams]);
    expect(rows[0]?.n).toBe(11);
  });
});
