import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { recentErrors } from './recent-errors.js';

let db: TestDatabase;
const now = new Date();

async function event(connector: string, type: string, data: Record<string, unknown>, minutesAgo: number, stream = uuidv7()): Promise<string> {
  await db.pool.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)`, [
    uuidv7(),
    stream,
    connector,
    type,
    data,
    new Date(now.getTime() - minutesAgo * 60_000),
  ]);
  return stream;
}

const transient: string[] = [];
let permanent: string;
let schemaMismatch: string;
let outputMismatch: string;

beforeAll(async () => {
  db = await createTestDatabase('recenterrors');
  // Seven transient failures, a minute apart: the newest is 1 min old.
  for (let i = 7; i >= 1; i -= 1) transient.push(await event('stripe', 'webhook.failed', { class: 'transient', code: 'HUB_ACTION_TRANSIENT', message: `answered 503 (${i})`, route: 'ledger', attempt: 1 }, i));
  permanent = await event('stripe', 'webhook.failed', { class: 'permanent', code: 'HUB_ACTION_PERMANENT', message: 'answered 422', route: 'ledger', attempt: 1 }, 30);
  await event('stripe', 'webhook.dead_lettered', { class: 'permanent', code: 'HUB_ACTION_PERMANENT', message: 'answered 422' }, 30, permanent);
  schemaMismatch = await event('stripe', 'webhook.quarantined', { class: 'data_format', code: 'HUB_PAYLOAD_INVALID', reason: 'payload does not match the payment_intent.succeeded schema' }, 90);
  outputMismatch = await event('stripe', 'webhook.quarantined', { class: 'data_format', code: 'HUB_ACTION_OUTPUT_INVALID', message: 'the answer does not match', route: 'ledger' }, 120);
  // Older than the default 7 days, and another connector's: neither is shown.
  await event('stripe', 'webhook.failed', { class: 'permanent', code: 'HUB_ACTION_PERMANENT', message: 'long ago' }, 8 * 24 * 60);
  await event('github', 'webhook.failed', { class: 'permanent', code: 'HUB_ACTION_PERMANENT', message: 'github' }, 5);
});
afterAll(async () => {
  await db.drop();
});

describe('recentErrors', () => {
  it('returns the newest failures of each class with code, message, route, event id and age', async () => {
    const errors = await recentErrors(db.pool, 'stripe', { now });
    expect(errors.transient.map((e) => e.eventId)).toEqual(transient.slice(-5).reverse());
    expect(errors.transient[0]).toMatchObject({ code: 'HUB_ACTION_TRANSIENT', message: 'answered 503 (1)', route: 'ledger', outcome: 'failed', ageMs: 60_000 });
    expect(errors.permanent).toEqual([{ eventId: permanent, code: 'HUB_ACTION_PERMANENT', message: 'answered 422', route: 'ledger', outcome: 'failed', at: expect.any(Date), ageMs: 30 * 60_000 }]);
  });

  it('reads a quarantine reason as its message, newest first', async () => {
    const errors = await recentErrors(db.pool, 'stripe', { now });
    expect(errors.dataFormat.map((e) => [e.eventId, e.code, e.message, e.outcome])).toEqual([
      [schemaMismatch, 'HUB_PAYLOAD_INVALID', 'payload does not match the payment_intent.succeeded schema', 'quarantined'],
      [outputMismatch, 'HUB_ACTION_OUTPUT_INVALID', 'the answer does not match', 'quarantined'],
    ]);
  });

  it('takes perClass and since', async () => {
    const errors = await recentErrors(db.pool, 'stripe', { now, perClass: 2, since: new Date(now.getTime() - 100 * 60_000) });
    expect(errors.transient.map((e) => e.eventId)).toEqual(transient.slice(-2).reverse());
    expect(errors.dataFormat.map((e) => e.eventId)).toEqual([schemaMismatch]);
    const longer = await recentErrors(db.pool, 'stripe', { now, since: new Date(now.getTime() - 9 * 86_400_000) });
    expect(longer.permanent.map((e) => e.message)).toEqual(['answered 422', 'long ago']);
  });

  it('is empty for a connector without failures', async () => {
    expect(await recentErrors(db.pool, 'shopify', { now })).toEqual({ transient: [], permanent: [], dataFormat: [] });
  });
});
