import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { listDeadLetters } from './list-dead-letters.js';
import { claimLeases } from '../event-lease/index.js';
import { replayEvents } from './replay-events.js';
import { STALLED_AFTER_MS } from './queue-replays.js';

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

describe('replayEvents and events already on their way', () => {
  const replay = (eventIds: string[], dryRun = false) => replayEvents(db.pool, { selection: { kind: 'ids', eventIds }, actor: 'cli:test', reason: 'r', dryRun });

  it('does not queue an event that waits in its queue (received, replayed or retrying) a second time', async () => {
    const received = await stream('shopify', []);
    const retrying = await stream('shopify', [['webhook.failed', { class: 'transient', nextAttemptInMs: 60_000 }]]);
    const report = await replay([received, retrying]);
    expect(report).toMatchObject({ selected: 2, replayed: 0 });
    expect(report.skipped).toEqual(expect.arrayContaining([{ eventId: received, reason: 'queued' }, { eventId: retrying, reason: 'queued' }]));
    expect((await db.admin.query(`SELECT 1 FROM outbox WHERE event_id = ANY($1::uuid[])`, [[received, retrying]])).rowCount).toBe(0);
  });

  it('replays an event whose message was lost while queued (nothing happened for longer than a stall)', async () => {
    const lost = uuidv7();
    const long = new Date(Date.now() - 2 * STALLED_AFTER_MS);
    await db.admin.query(`INSERT INTO events (id, stream, connector, type, provider_event_id, data, created_at) VALUES ($1::uuid, $1::uuid, 'shopify', 'webhook.received', $1::text, '{}', $2)`, [lost, long]);
    expect(await replay([lost])).toMatchObject({ replayed: 1, skipped: [] });
  });

  it('does not queue an event a worker holds (processing), and says so in a dry run too', async () => {
    const held = await stream('shopify', [['webhook.processing', {}]]);
    await claimLeases(db.pool, [{ eventId: held, holder: 'worker-1' }], 60_000);
    expect((await replay([held], true)).skipped).toEqual([{ eventId: held, reason: 'processing' }]);
    expect(await replay([held])).toMatchObject({ replayed: 0, skipped: [{ eventId: held, reason: 'processing' }] });
    // The worker's lease is left as it was.
    expect((await db.admin.query(`SELECT holder FROM event_leases WHERE event_id = $1`, [held])).rows).toEqual([{ holder: 'worker-1' }]);
  });

  it('replays a finished event whose lease the worker has not let go yet (it releases after the outcome)', async () => {
    const justDead = await stream('shopify', [
      ['webhook.processing', {}],
      ['webhook.dead_lettered', { class: 'permanent' }],
    ]);
    await claimLeases(db.pool, [{ eventId: justDead, holder: 'worker-1' }], 60_000);
    expect((await replay([justDead], true)).skipped).toEqual([]);
    expect(await replay([justDead])).toMatchObject({ replayed: 1, skipped: [] });
    expect((await db.admin.query(`SELECT 1 FROM outbox WHERE event_id = $1`, [justDead])).rowCount).toBe(1);
  });

  it('queues finished events a worker still holds once when two replays ask at the same moment', { timeout: 20_000 }, async () => {
    const ids = await Promise.all(Array.from({ length: 5 }, () => stream('intercom', [['webhook.processed', {}]])));
    await claimLeases(db.pool, ids.map((eventId) => ({ eventId, holder: 'worker-1' })), 60_000);
    // Both requests are held inside PostgreSQL before either writes: unless the second waits for
    // the first on the lease rows, both find the events finished and both queue them.
    const gate = await db.admin.connect();
    const replays: Promise<{ replayed: number }>[] = [];
    try {
      await gate.query('BEGIN');
      await gate.query('LOCK TABLE outbox IN EXCLUSIVE MODE');
      replays.push(replay(ids), replay([...ids].reverse()));
      for (let i = 0; ; i += 1) {
        const { rows } = await db.admin.query<{ n: number }>(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND (query LIKE '%INSERT INTO event_leases%' OR query LIKE '%INSERT INTO outbox%')`,
        );
        if ((rows[0]?.n ?? 0) >= 2) break;
        if (i > 400) throw new Error('the two replays never waited');
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    } finally {
      await gate.query('COMMIT');
      gate.release();
    }
    const reports = await Promise.all(replays);
    expect(reports.reduce((n, r) => n + r.replayed, 0)).toBe(5);
    expect((await db.admin.query(`SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[])`, [ids])).rows[0].n).toBe(5);
  });

  it('replays an event left processing by a worker that died (no live lease) and leaves no lease behind', async () => {
    const stalled = await stream('shopify', [['webhook.processing', {}]]);
    const report = await replay([stalled]);
    expect(report).toMatchObject({ replayed: 1, skipped: [] });
    expect((await db.admin.query(`SELECT 1 FROM event_leases WHERE event_id = $1`, [stalled])).rowCount).toBe(0);
  });

  it('queues each event once when the same replay is asked twice at once', async () => {
    const ids = await Promise.all(Array.from({ length: 20 }, () => stream('zendesk', [['webhook.dead_lettered', { class: 'permanent' }]])));
    const reports = await Promise.all([replay(ids), replay(ids), replay([...ids].reverse())]);
    expect(reports.reduce((n, r) => n + r.replayed, 0)).toBe(20);
    expect((await db.admin.query(`SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[])`, [ids])).rows[0].n).toBe(20);
  });

  it('leaves outcome_unknown dead letters out of a DLQ replay and names them; by id they replay', async () => {
    const unknown = await stream('twilio', [['webhook.dead_lettered', { class: 'outcome_unknown', code: 'HUB_ACTION_OUTCOME_UNKNOWN' }]]);
    const permanent = await stream('twilio', [['webhook.dead_lettered', { class: 'permanent' }]]);
    const dlq = await replayEvents(db.pool, { selection: { kind: 'dlq', connector: 'twilio' }, actor: 'cli:test', reason: 'r' });
    expect(dlq).toMatchObject({ eventIds: [permanent], replayed: 1, outcomeUnknown: [unknown] });
    expect(await replay([unknown])).toMatchObject({ replayed: 1 });
  });
});
