import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore } from '../event-store/index.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { WorkflowSource } from './workflow-source.js';
import { WorkflowStore } from './workflow-store.js';

let db: TestDatabase;
let store: WorkflowStore;

beforeAll(async () => {
  db = await createTestDatabase('workflow_source');
  store = new WorkflowStore(db.pool, new EventStore(db.pool));
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
});
