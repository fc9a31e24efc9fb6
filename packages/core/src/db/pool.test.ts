import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { waitFor } from '../../../../test/support/wait-for.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('pool');
});
afterAll(async () => {
  await db.drop();
});

describe('createPool', () => {
  it('survives the server ending a connection that is checked out (a PostgreSQL restart under a held transaction or lock)', async () => {
    const uncaught: Error[] = [];
    const onUncaught = (err: Error) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    try {
      const held = await db.pool.connect();
      const pid = (await held.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid;
      // Without a listener on the checked-out client, pg emits 'error' with none attached: the process ends.
      await db.admin.query('SELECT pg_terminate_backend($1)', [pid]);
      await waitFor('the held connection to learn it is gone', () => held.query('SELECT 1').then(() => false, () => true));
      await new Promise((resolve) => setTimeout(resolve, 50)); // the 'error' event follows the failed query
      held.release(true);
      expect(uncaught).toEqual([]);
      expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows[0]?.one).toBe(1);
    } finally {
      process.off('uncaughtException', onUncaught);
    }
  });

  it('runs without JIT: a misestimated plan must not spend milliseconds compiling a short statement', async () => {
    expect((await db.pool.query<{ jit: string }>('SHOW jit')).rows[0]?.jit).toBe('off');
  });
});
