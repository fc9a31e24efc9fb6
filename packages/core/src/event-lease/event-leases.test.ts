import pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { claimLeases, releaseLeases, renewLeases } from './claim-leases.js';
import { EventLeases } from './event-leases.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('leases');
});
afterAll(async () => {
  await db.drop();
});

const holderOf = async (eventId: string) => (await db.admin.query<{ holder: string }>('SELECT holder FROM event_leases WHERE event_id = $1', [eventId])).rows[0]?.holder;

describe('EventLeases', () => {
  it('gives an event to one holder at a time, across instances, and again once released', async () => {
    const a = new EventLeases(db.pool, { ttlMs: 30_000, log: testLogger });
    const b = new EventLeases(db.pool, { ttlMs: 30_000, log: testLogger });
    const eventId = uuidv7();
    const first = await a.acquire(eventId);
    expect(first.acquired).toBe(true);
    const second = await b.acquire(eventId);
    expect(second).toMatchObject({ acquired: false });
    if (second.acquired || !first.acquired) return;
    expect(second.retryInMs).toBeGreaterThan(25_000);
    await a.release(first.lease);
    expect(await holderOf(eventId)).toBeUndefined();
    expect((await b.acquire(eventId)).acquired).toBe(true);
  });

  it('gives two messages of one event arriving together one lease (they share a statement)', async () => {
    const leases = new EventLeases(db.pool, { ttlMs: 30_000, log: testLogger });
    const eventId = uuidv7();
    const other = uuidv7();
    const answers = await Promise.all([leases.acquire(eventId), leases.acquire(eventId), leases.acquire(other)]);
    expect(answers.map((a) => a.acquired)).toEqual([true, false, true]);
  });

  it('takes over a lease whose holder stopped renewing it (it died)', async () => {
    const eventId = uuidv7();
    expect(await claimLeases(db.pool, [{ eventId, holder: 'dead-worker' }], 1)).toEqual(new Set([eventId]));
    await new Promise((resolve) => setTimeout(resolve, 20));
    const answer = await new EventLeases(db.pool, { ttlMs: 30_000, log: testLogger }).acquire(eventId);
    expect(answer.acquired).toBe(true);
    expect(await holderOf(eventId)).not.toBe('dead-worker');
  });

  it('renews the leases it holds, so a long handler keeps its event', async () => {
    const leases = new EventLeases(db.pool, { ttlMs: 300, log: testLogger });
    const eventId = uuidv7();
    const answer = await leases.acquire(eventId);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(await claimLeases(db.pool, [{ eventId, holder: 'intruder' }], 300)).toEqual(new Set());
    if (answer.acquired) await leases.release(answer.lease);
  });

  it('a renewal and a release of overlapping leases wait for each other, never deadlock, in whatever order they name them', { timeout: 20_000 }, async () => {
    const [a, b, c] = [uuidv7(), uuidv7(), uuidv7()].sort();
    const holder = 'holder-of-three';
    await claimLeases(db.pool, [a, b, c].map((eventId) => ({ eventId: eventId as string, holder })), 30_000);
    // Nested loops over the ids in the order given, as a busy table gets: rows locked in that order
    // unless the statement sorts them itself.
    const connect = async () => {
      const client = new pg.Client({ connectionString: db.url, options: `-c search_path=${db.schema} -c role=hub_app -c enable_hashjoin=off -c enable_mergejoin=off -c enable_seqscan=off` });
      await client.connect();
      return { client, pid: (await client.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid as number };
    };
    const waitingOnLock = async (pid: number) => {
      for (let i = 0; i < 200; i += 1) {
        const { rows } = await db.admin.query<{ w: string | null }>('SELECT wait_event_type AS w FROM pg_stat_activity WHERE pid = $1', [pid]);
        if (rows[0]?.w === 'Lock') return;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`backend ${pid} never waited on a lock`);
    };
    const gate = await connect();
    const releasing = await connect();
    const renewing = await connect();
    try {
      await gate.client.query('BEGIN');
      await gate.client.query('SELECT 1 FROM event_leases WHERE event_id = $1 FOR UPDATE', [b]);
      // The release names c, b, a; the renewal a, c. Followed as given: the release takes c and
      // waits for b, the renewal takes a and waits for c; once b is free the release wants a.
      const release = releaseLeases(releasing.client, [c, b, a].map((eventId) => ({ eventId: eventId as string, holder })));
      await waitingOnLock(releasing.pid);
      const renewal = renewLeases(renewing.client, [a, c].map((eventId) => ({ eventId: eventId as string, holder })), 30_000);
      await waitingOnLock(renewing.pid);
      await gate.client.query('COMMIT');
      const outcomes = await Promise.allSettled([release, renewal]);
      expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'ok'))).toEqual(['ok', 'ok']);
      expect(await Promise.all([a, b, c].map((id) => holderOf(id as string)))).toEqual([undefined, undefined, undefined]);
    } finally {
      await Promise.all([gate, releasing, renewing].map((x) => x.client.end()));
    }
  });
});
