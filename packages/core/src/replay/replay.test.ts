import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { listDeadLetters } from './list-dead-letters.js';
import { replayEvents } from './replay-events.js';

let db: TestDatabase;

/** Writes a webhook stream whose lifecycle events are `types` (after webhook.received). */
async function stream(connector: string, types: [string, Record<string, unknown>][], receivedAt = new Date()): Promise<string> {
  const id = uuidv7();
  await db.admin.query(
    `INSERT INTO events (id, stream, connector, type, provider_event_id, data, created_at) VALUES ($1::uuid, $1::uuid, $2, 'webhook.received', $1::text, '{"eventType":"payment_intent.succeeded"}', $3)`,
    [id, connector, receivedAt],
  );
  for (const [type, data] of types) {
    await db.admin.query(`INSERT INTO events (id, stream, connector, type, data) VALUES ($1, $2, $3, $4, $5)`, [uuidv7(), id, connector, type, data]);
  }
  return id;
}

let dead: string;
let quarantined: string;
let processed: string;
let deadThenReplayed: string;

beforeAll(async () => {
  db = await createTestDatabase('replay');
  dead = await stream('stripe', [
    ['webhook.processing', {}],
    ['webhook.dead_lettered', { class: 'permanent', code: 'HUB_ACTION_PERMANENT', message: 'answered 422', attempts: 1 }],
  ]);
  quarantined = await stream('stripe', [['webhook.quarantined', { class: 'data_format', code: 'HUB_PAYLOAD_INVALID', reason: 'bad amount', issues: [{ path: ['amount'] }] }]]);
  processed = await stream('stripe', [['webhook.processed', {}]]);
  deadThenReplayed = await stream('stripe', [
    ['webhook.dead_lettered', { class: 'transient', attempts: 5 }],
    ['webhook.replayed', { reason: 'earlier' }],
  ]);
  await stream('github', [['webhook.dead_lettered', { class: 'permanent' }]]);
});
afterAll(async () => {
  await db.drop();
});

describe('listDeadLetters', () => {
  it('lists the events whose latest state is dead-lettered or quarantined, with their last error', async () => {
    const list = await listDeadLetters(db.pool, 'stripe');
    expect(list.map((d) => d.eventId).sort()).toEqual([dead, quarantined].sort());
    expect(list.find((d) => d.eventId === dead)).toMatchObject({ status: 'dead_lettered', errorClass: 'permanent', code: 'HUB_ACTION_PERMANENT', attempts: 1, eventType: 'payment_intent.succeeded' });
    expect(list.find((d) => d.eventId === quarantined)).toMatchObject({ status: 'quarantined', errorClass: 'data_format', message: 'bad amount', issues: [{ path: ['amount'] }] });
  });

  it('leaves quarantined events out when asked', async () => {
    expect((await listDeadLetters(db.pool, 'stripe', { includeQuarantined: false })).map((d) => d.eventId)).toEqual([dead]);
  });

  it('does not list processed events or events already replayed', async () => {
    const ids = (await listDeadLetters(db.pool, 'stripe')).map((d) => d.eventId);
    expect(ids).not.toContain(processed);
    expect(ids).not.toContain(deadThenReplayed);
  });
});

describe('replayEvents', () => {
  it('records webhook.replayed with who and why, and queues each event once, marked as a replay', async () => {
    const progress: number[] = [];
    const report = await replayEvents(db.pool, { selection: { kind: 'ids', eventIds: [processed] }, actor: 'cli:test', reason: 'downstream fixed', onProgress: (p) => progress.push(p.done) });
    expect(report).toMatchObject({ selected: 1, replayed: 1, missing: [], dryRun: false });
    expect(progress).toEqual([1]);
    const { rows } = await db.admin.query(`SELECT actor, data FROM events WHERE stream = $1 AND type = 'webhook.replayed'`, [processed]);
    expect(rows).toEqual([{ actor: 'cli:test', data: { reason: 'downstream fixed', replayId: report.replayId } }]);
    const outbox = await db.admin.query(`SELECT connector, replay FROM outbox WHERE event_id = $1`, [processed]);
    expect(outbox.rows).toEqual([{ connector: 'stripe', replay: true }]);
  });

  it('replays a whole DLQ (without quarantined events unless asked) and reports ids that do not exist', async () => {
    const dlq = await replayEvents(db.pool, { selection: { kind: 'dlq', connector: 'stripe' }, actor: 'cli:test', reason: 'r', dryRun: true });
    expect(dlq.eventIds).toEqual([dead]);
    const missing = uuidv7();
    const byId = await replayEvents(db.pool, { selection: { kind: 'ids', eventIds: [quarantined, missing] }, actor: 'cli:test', reason: 'r', dryRun: true });
    expect(byId).toMatchObject({ selected: 1, missing: [missing] });
  });

  it('selects a time window of one connector', async () => {
    const old = await stream('shopify', [['webhook.processed', {}]], new Date('2026-01-01T10:00:00Z'));
    await stream('shopify', [['webhook.processed', {}]], new Date('2026-01-02T10:00:00Z'));
    const report = await replayEvents(db.pool, {
      selection: { kind: 'window', connector: 'shopify', from: new Date('2026-01-01T00:00:00Z'), to: new Date('2026-01-02T00:00:00Z') },
      actor: 'cli:test',
      reason: 'r',
      dryRun: true,
    });
    expect(report.eventIds).toEqual([old]);
  });

  it('writes nothing on a dry run', async () => {
    const before = await db.admin.query(`SELECT count(*)::int AS n FROM outbox`);
    const report = await replayEvents(db.pool, { selection: { kind: 'dlq', connector: 'github' }, actor: 'cli:test', reason: 'r', dryRun: true });
    expect(report.selected).toBe(1);
    expect(report.replayed).toBe(0);
    expect((await db.admin.query(`SELECT count(*)::int AS n FROM outbox`)).rows[0].n).toBe(before.rows[0].n);
  });

  it('refuses a replay without a reason and ids that are not event ids', async () => {
    await expect(replayEvents(db.pool, { selection: { kind: 'ids', eventIds: [dead] }, actor: 'a', reason: ' ' })).rejects.toMatchObject({ code: 'HUB_BAD_REQUEST' });
    await expect(replayEvents(db.pool, { selection: { kind: 'ids', eventIds: ['nope'] }, actor: 'a', reason: 'r' })).rejects.toMatchObject({ code: 'HUB_BAD_REQUEST' });
  });
});
