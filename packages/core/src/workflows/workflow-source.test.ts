import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore } from '../event-store/index.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { WorkflowSource } from './workflow-source.js';
import { WorkflowStore } from './workflow-store.js';

let db: TestDatabase;
let store: WorkflowStore;
let events: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('workflow_source');
  events = new EventStore(db.pool);
  store = new WorkflowStore(db.pool, events);
});
afterAll(async () => {
  await db.drop();
});

function definition(name: string, text: string, event = 'payment_intent.succeeded'): WorkflowDefinition {
  return { name, trigger: { connector: 'stripe', event }, steps: [{ id: 'notify', type: 'notify', channel: 'C1', text }] };
}

// These tests save step lists: the definition read back is the list form.
const textOf = (w: { compiled: { definition: unknown } }) => ((w.compiled.definition as WorkflowDefinition).steps[0] as { text: string }).text;
const eventId = (i: number) => `0190f000-0000-7000-8000-${String(i).padStart(12, '0')}`;

describe('WorkflowSource', () => {
  it('reads the version saved just before: the very next event runs it', async () => {
    const source = new WorkflowSource(db.pool);
    await store.saveVersion(definition('fresh', 'v1', 'customer.created'), { actor: 'test' });
    expect((await source.forEvent(eventId(1), 'stripe', 'customer.created')).map((w) => [w.name, w.version, textOf(w)])).toEqual([['fresh', 1, 'v1']]);
    await store.saveVersion(definition('fresh', 'v2', 'customer.created'), { actor: 'test' });
    expect((await source.forEvent(eventId(2), 'stripe', 'customer.created')).map((w) => [w.version, textOf(w)])).toEqual([[2, 'v2']]);
    await store.rollback('fresh', 'test');
    expect((await source.forEvent(eventId(3), 'stripe', 'customer.created')).map((w) => w.version)).toEqual([1]);
    await store.disable('fresh', 'test');
    expect(await source.forEvent(eventId(4), 'stripe', 'customer.created')).toEqual([]);
    expect(await source.forEvent(eventId(5), 'stripe', 'charge.refunded')).toEqual([]);
  });

  it('runs the version an earlier attempt started (pinned) whatever is active now, unless disabled', async () => {
    const source = new WorkflowSource(db.pool);
    await store.saveVersion(definition('pinned', 'v1', 'charge.refunded'), { actor: 'test' });
    await store.saveVersion(definition('pinned', 'v2', 'charge.refunded'), { actor: 'test' });
    const [run] = await source.forEvent(eventId(6), 'stripe', 'charge.refunded', new Map([['pinned', 1]]));
    expect([run?.version, run && textOf(run), run?.canary]).toEqual([1, 'v1', false]);
    await store.disable('pinned', 'test');
    expect(await source.forEvent(eventId(6), 'stripe', 'charge.refunded', new Map([['pinned', 1]]))).toEqual([]);
  });

  it('splits a canary by a stable hash of the event id: the exact expected share of 1,000 events, the same event always on the same side', async () => {
    await store.saveVersion(definition('split', 'stable', 'payment_intent.payment_failed'), { actor: 'test' });
    await store.saveVersion(definition('split', 'canary', 'payment_intent.payment_failed'), { actor: 'test', activate: false });
    await store.setCanary('split', 2, 20, 'test');
    const ids = Array.from({ length: 1000 }, (_, i) => eventId(1000 + i));
    // The documented hash, computed here on its own: first 32 bits of SHA-256 of the id, modulo 100, below the percent.
    const expected = ids.filter((id) => createHash('sha256').update(id).digest().readUInt32BE(0) % 100 < 20);
    expect(expected.length).toBeGreaterThan(150); // the hash spreads ids: about 200 of 1,000
    expect(expected.length).toBeLessThan(250);

    const runOf = async (source: WorkflowSource, id: string) => (await source.forEvent(id, 'stripe', 'payment_intent.payment_failed'))[0];
    const first = new WorkflowSource(db.pool);
    const runs = await Promise.all(ids.map((id) => runOf(first, id)));
    const onCanary = ids.filter((_, i) => runs[i]?.canary);
    expect(onCanary).toEqual(expected);
    expect(runs.every((r) => (r?.canary ? r.version === 2 && textOf(r) === 'canary' : r?.version === 1))).toBe(true);

    // Another process (a fresh source) and a second look put every event on the same side.
    const again = new WorkflowSource(db.pool);
    const sample = ids.slice(0, 100);
    const second = await Promise.all(sample.map((id) => runOf(again, id)));
    expect(second.map((r) => r?.version)).toEqual(runs.slice(0, 100).map((r) => r?.version));
  });

  it('reads the workflows of concurrent messages with a few queries, not one each', async () => {
    await store.saveVersion(definition('batched', 'v1', 'customer.created'), { actor: 'test' });
    const source = new WorkflowSource(db.pool);
    await source.forEvent(eventId(7), 'stripe', 'customer.created'); // compiles and caches the version
    const query = vi.spyOn(db.pool, 'query');
    const runs = await Promise.all(Array.from({ length: 50 }, (_, i) => source.forEvent(eventId(100 + i), 'stripe', i % 2 ? 'customer.created' : 'charge.refunded')));
    const statements = query.mock.calls.length;
    query.mockRestore();
    expect(runs.filter((r) => r.some((w) => w.name === 'batched'))).toHaveLength(25);
    expect(statements).toBeGreaterThan(0);
    expect(statements).toBeLessThan(10);
  });

  describe('rows kept at a generation (migration 0024)', () => {
    /** A webhook stored now, and the generation the worker's stream read gives it. */
    async function arrive(i: number): Promise<{ id: string; seen: number }> {
      const id = eventId(5000 + i);
      await events.append([{ stream: id, connector: 'stripe', type: 'webhook.received', data: {} }]);
      const read = await events.readStreamsWithWorkflowGeneration([id]);
      return { id, seen: read.workflowGeneration as number };
    }
    const generation = async () => Number((await db.pool.query<{ g: string }>('SELECT generation AS g FROM workflow_generation')).rows[0]?.g);

    it('answers events of an unchanged generation without a query, and the event after a save, rollback or disable from the new rows', async () => {
      const source = new WorkflowSource(db.pool);
      await store.saveVersion(definition('kept', 'v1', 'invoice.paid'), { actor: 'test' });
      const first = await arrive(1);
      expect((await source.forEvent(first.id, 'stripe', 'invoice.paid', new Map(), first.seen)).map((w) => w.version)).toEqual([1]);

      const query = vi.spyOn(db.pool, 'query');
      const later = await Promise.all(Array.from({ length: 20 }, (_, i) => arrive(10 + i)));
      query.mockClear();
      const runs = await Promise.all(later.map((e) => source.forEvent(e.id, 'stripe', 'invoice.paid', new Map(), e.seen)));
      const statements = query.mock.calls.length;
      query.mockRestore();
      expect(runs.map((r) => r.map((w) => w.version))).toEqual(later.map(() => [1]));
      expect(statements).toBe(0);

      await store.saveVersion(definition('kept', 'v2', 'invoice.paid'), { actor: 'test' });
      const afterSave = await arrive(2);
      expect((await source.forEvent(afterSave.id, 'stripe', 'invoice.paid', new Map(), afterSave.seen)).map((w) => [w.version, textOf(w)])).toEqual([[2, 'v2']]);
      await store.rollback('kept', 'test');
      const afterRollback = await arrive(3);
      expect((await source.forEvent(afterRollback.id, 'stripe', 'invoice.paid', new Map(), afterRollback.seen)).map((w) => w.version)).toEqual([1]);
      await store.disable('kept', 'test');
      const afterDisable = await arrive(4);
      expect(await source.forEvent(afterDisable.id, 'stripe', 'invoice.paid', new Map(), afterDisable.seen)).toEqual([]);
    });

    it('moves the generation on every change of the projection, also one made by hand in SQL', async () => {
      const before = await generation();
      await store.saveVersion(definition('moves', 'v1', 'invoice.created'), { actor: 'test' });
      const saved = await generation();
      expect(saved).toBeGreaterThan(before);
      await db.pool.query(`UPDATE workflows SET status = 'disabled' WHERE name = 'moves'`);
      const byHand = await generation();
      expect(byHand).toBeGreaterThan(saved);
      // A statement that changes nothing still moves it: cheaper than missing a change.
      await db.pool.query(`UPDATE workflows SET status = 'disabled' WHERE false`);
      const after = await generation();
      expect(after).toBeGreaterThan(byHand);
      // Set back, kept rows would be trusted past later changes: refused.
      await expect(db.pool.query('UPDATE workflow_generation SET generation = 1')).rejects.toThrow(/only moves forward/);
      expect(await generation()).toBe(after);
    });

    it('without its generation row (a broken schema) keeps nothing: every event reads, a change still applies next', async () => {
      const source = new WorkflowSource(db.pool);
      await store.saveVersion(definition('unkept', 'v1', 'invoice.finalized'), { actor: 'test' });
      const before = await generation();
      // (The hub's role may not delete it: only the schema's owner can break it so.)
      await expect(db.pool.query('DELETE FROM workflow_generation')).rejects.toThrow(/permission denied/);
      await db.admin.query('DELETE FROM workflow_generation');
      try {
        const first = await arrive(60);
        expect(first.seen).toBeUndefined();
        expect((await source.forEvent(first.id, 'stripe', 'invoice.finalized', new Map(), first.seen)).map((w) => w.version)).toEqual([1]);
        // What the trigger would have moved is now missing: a kept row would be trusted forever.
        await db.pool.query(`UPDATE workflows SET status = 'disabled' WHERE name = 'unkept'`);
        const second = await arrive(61);
        expect(await source.forEvent(second.id, 'stripe', 'invoice.finalized', new Map(), second.seen)).toEqual([]);
      } finally {
        await db.admin.query('INSERT INTO workflow_generation (only_row, generation) VALUES (true, $1) ON CONFLICT DO NOTHING', [before + 1000]);
      }
    });

    it('gives an event read before a change the rows read after it, never older ones', async () => {
      const source = new WorkflowSource(db.pool);
      await store.saveVersion(definition('order', 'v1', 'invoice.voided'), { actor: 'test' });
      const early = await arrive(40);
      await source.forEvent(early.id, 'stripe', 'invoice.voided', new Map(), early.seen);
      await store.saveVersion(definition('order', 'v2', 'invoice.voided'), { actor: 'test' });
      const late = await arrive(41);
      expect((await source.forEvent(late.id, 'stripe', 'invoice.voided', new Map(), late.seen)).map((w) => w.version)).toEqual([2]);
      // An event that was read before the save (a slow message) may use the newer rows: the newer version is what is active.
      expect((await source.forEvent(early.id, 'stripe', 'invoice.voided', new Map(), early.seen)).map((w) => w.version)).toEqual([2]);
    });
  });
});
