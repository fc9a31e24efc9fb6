import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { claimLeases } from './claim-leases.js';
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
});
