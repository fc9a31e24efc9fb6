import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore, READ_STREAMS_SQL } from './event-store.js';

let db: TestDatabase;
let pool: pg.Pool;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('read_streams');
  pool = new pg.Pool({ connectionString: db.url, options: `-c search_path=${db.schema} -c role=hub_app`, max: 2 });
  store = new EventStore(pool);
});
afterAll(async () => {
  await pool.end();
  await db.drop();
});

describe('EventStore.readStreams (the worker reads the streams of a receive batch in one query)', () => {
  it('answers each stream oldest first, in the order asked, once per asking, empty for an unknown one', async () => {
    const [a, b, unknown] = [uuidv7(), uuidv7(), uuidv7()];
    await store.append([
      { stream: a, connector: 'stripe', type: 'webhook.received', data: { n: 1 } },
      { stream: b, connector: 'stripe', type: 'webhook.received', data: { n: 2 } },
    ]);
    await store.append([{ stream: a, connector: 'stripe', type: 'webhook.processing', data: {} }]);
    const [first, second, none, again] = await store.readStreams([b, a, unknown, b]);
    expect(first?.map((e) => e.type)).toEqual(['webhook.received']);
    expect(second?.map((e) => e.type)).toEqual(['webhook.received', 'webhook.processing']);
    expect(none).toEqual([]);
    // The same stream asked twice (two messages of one event in a batch) is read once, answered twice.
    expect(again?.map((e) => e.id)).toEqual(first?.map((e) => e.id));
  });

  it('reads by index lookups whatever the statistics say: no sequential or parallel scan of events', async () => {
    const streams = Array.from({ length: 12 }, () => uuidv7());
    await store.append(streams.map((stream) => ({ stream, connector: 'stripe', type: 'webhook.received', data: {} })));
    const { rows } = await pool.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${READ_STREAMS_SQL}`, [streams]);
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    expect(plan).toMatch(/Nested Loop/);
    expect(plan).toMatch(/Index (Only )?Scan|Bitmap Index Scan/);
    expect(plan).not.toMatch(/Seq Scan on events|Gather/);
  });
});
