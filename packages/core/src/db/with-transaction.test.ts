import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { createPool } from './pool.js';
import { withTransaction } from './with-transaction.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('withtx');
});
afterAll(async () => {
  await db.drop();
});

const insertEvent = (client: { query: (sql: string, values: unknown[]) => Promise<unknown> }, id: string) =>
  client.query(`INSERT INTO events (id, stream, connector, type, data) VALUES ($1, $1, 'txco', 'webhook.received', '{}')`, [id]);
const stored = async (id: string) => (await db.admin.query('SELECT 1 FROM events WHERE id = $1', [id])).rowCount;
const checkedOut = () => db.pool.totalCount - db.pool.idleCount;

describe('withTransaction', () => {
  it('applies its settings to the work only: the connection goes back to the pool as it was', async () => {
    // One connection: what SHOW reads after the transaction is the connection the work ran on.
    const single = createPool({ url: db.url, schema: db.schema, appRole: 'hub_app', max: 1 });
    try {
      const inside = await withTransaction(single, async (client) => (await client.query<{ enable_bitmapscan: string }>('SHOW enable_bitmapscan')).rows[0]?.enable_bitmapscan, {
        settings: 'SET LOCAL enable_bitmapscan = off',
      });
      const after = (await single.query<{ enable_bitmapscan: string }>('SHOW enable_bitmapscan')).rows[0]?.enable_bitmapscan;
      expect([inside, after]).toEqual(['off', 'on']);
    } finally {
      await single.end();
    }
  });

  it("commits what the work wrote and answers the work's result", async () => {
    const id = uuidv7();
    const result = await withTransaction(db.pool, async (client) => {
      await insertEvent(client, id);
      return 'done';
    });
    expect(result).toBe('done');
    expect(await stored(id)).toBe(1);
    expect(checkedOut()).toBe(0);
  });

  it("rolls back everything when the work throws, and surfaces the work's error", async () => {
    const id = uuidv7();
    const failure = new Error('work failed');
    await expect(
      withTransaction(db.pool, async (client) => {
        await insertEvent(client, id);
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await stored(id)).toBe(0);
    expect(checkedOut()).toBe(0);
  });
});
