import { randomUUID } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore } from '../event-store/index.js';
import { DriftDetector, readObservedShapes } from './drift-detector.js';

let db: TestDatabase;
let store: EventStore;
let announcing: pg.Pool;

beforeAll(async () => {
  db = await createTestDatabase('drift');
  // The live-view announcement of a drift event goes through the store's pool 100 ms after its
  // commit: a pool of its own, so that the connection count below sees only the detector's.
  announcing = new pg.Pool({ connectionString: db.url, options: `-c search_path=${db.schema}`, max: 1 });
  store = new EventStore(announcing);
});
afterAll(async () => {
  await announcing.end();
  await db.drop();
});

const observation = (connector: string, payload: unknown) => ({ stream: randomUUID(), connector, account: null, eventType: 'order.created', payload });
async function driftEvents(connector: string) {
  const { rows } = await db.admin.query(`SELECT stream, data FROM events WHERE connector = $1 AND type = 'schema.drift' ORDER BY id`, [connector]);
  return rows as { stream: string; data: Record<string, unknown> }[];
}

describe('DriftDetector (PostgreSQL)', () => {
  it('takes the first payload as the baseline, then records a rename once, in the stream of the webhook that showed it', async () => {
    const detector = new DriftDetector(db.pool, store);
    expect(await detector.observe(observation('acme', { id: 1, total: '9.00' }))).toBeUndefined();
    const renamed = observation('acme', { id: 2, amount: '9.00' });
    expect(await detector.observe(renamed)).toEqual({ added: [{ path: 'amount', type: 'string' }], removed: [{ path: 'total', type: 'string' }], retyped: [] });
    expect(await detector.observe(observation('acme', { id: 3, amount: '1.00' }))).toBeUndefined();
    const events = await driftEvents('acme');
    expect(events).toHaveLength(1);
    expect(events[0]?.stream).toBe(renamed.stream);
    expect(events[0]?.data).toMatchObject({ eventType: 'order.created', added: [{ path: 'amount' }], removed: [{ path: 'total' }] });
    const [observed] = await readObservedShapes(db.pool, 'acme');
    expect(observed?.shape.shapes).toBe(2);
  });

  it('still sees a retyped field once payloads of the known shape are answered from the digest cache', async () => {
    const detector = new DriftDetector(db.pool, store);
    for (let i = 0; i < 3; i += 1) expect(await detector.observe(observation('digestco', { id: i, total: `${i}.00`, lines: [{ sku: 'a' }] }))).toBeUndefined();
    // The same keys, types and list length: the structure digest is known, nothing is recorded.
    expect(await detector.observe(observation('digestco', { id: 9, total: '9.00', lines: [{ sku: 'z' }] }))).toBeUndefined();
    const retyped = observation('digestco', { id: 10, total: 10, lines: [{ sku: 'a' }] });
    expect(await detector.observe(retyped)).toEqual({ added: [], removed: [], retyped: [{ path: 'total', from: 'string', to: 'number' }] });
    expect((await driftEvents('digestco')).map((e) => e.stream)).toEqual([retyped.stream]);
  });

  it('a fresh process (empty cache) does not report a shape another process already folded in', async () => {
    await new DriftDetector(db.pool, store).observe(observation('beta', { id: 1, total: 1 }));
    await new DriftDetector(db.pool, store).observe(observation('beta', { id: 2, total: '1' }));
    expect(await new DriftDetector(db.pool, store).observe(observation('beta', { id: 3, total: '2' }))).toBeUndefined();
    expect((await driftEvents('beta')).map((e) => e.data.retyped)).toEqual([[{ path: 'total', from: 'number', to: 'string' }]]);
  });

  it('ten workers seeing the same new shape at once report it exactly once', async () => {
    await new DriftDetector(db.pool, store).observe(observation('gamma', { id: 1, name: 'x' }));
    const workers = Array.from({ length: 10 }, () => new DriftDetector(db.pool, store));
    const results = await Promise.all(workers.map((w) => w.observe(observation('gamma', { id: 2, title: 'x' }))));
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    expect(await driftEvents('gamma')).toHaveLength(1);
  });

  it('many payloads of one new shape at once in one process take one transaction, not one connection each', async () => {
    const detector = new DriftDetector(db.pool, store);
    await detector.observe(observation('delta', { id: 1, name: 'x' }));
    let connections = 0;
    const counting = () => (connections += 1);
    db.pool.on('acquire', counting);
    try {
      const results = await Promise.all(Array.from({ length: 50 }, (_, i) => detector.observe(observation('delta', { id: i + 2, title: 'x' }))));
      expect(results.filter((r) => r !== undefined)).toHaveLength(1);
    } finally {
      db.pool.off('acquire', counting);
    }
    expect(connections).toBe(1);
    expect(await driftEvents('delta')).toHaveLength(1);
  });
});
