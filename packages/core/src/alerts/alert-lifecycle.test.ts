import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPool } from '../db/index.js';
import { EventStore } from '../event-store/index.js';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { AlertEvaluator } from './alert-evaluator.js';
import { AlertLifecycle } from './alert-lifecycle.js';
import { AlertRaiser } from './alert-raiser.js';

let db: TestDatabase;
let offsetMs = 0;
const clock = () => new Date(Date.now() + offsetMs);

beforeAll(async () => {
  db = await createTestDatabase('alerts');
});
afterAll(async () => {
  await db.drop();
});

function lifecycle(pool = db.pool): AlertLifecycle {
  return new AlertLifecycle({ pool, store: new EventStore(pool), log: testLogger, targets: ['slack', 'webhook'], now: clock });
}
function evaluator(connectors: string[], options: { quietMs?: number; dlqThreshold?: number; dlqWindowMs?: number } = {}): AlertEvaluator {
  return new AlertEvaluator({ pool: db.pool, lifecycle: lifecycle(), log: testLogger, connectors, now: clock, ...options });
}
async function eventsOf(connector: string, type: string): Promise<Record<string, unknown>[]> {
  const { rows } = await db.admin.query<{ data: Record<string, unknown> }>(`SELECT data FROM events WHERE connector = $1 AND type = $2 ORDER BY id`, [connector, type]);
  return rows.map((r) => r.data);
}
async function deliveries(alertId: string): Promise<string[]> {
  const { rows } = await db.admin.query<{ d: string }>(`SELECT target || ':' || transition AS d FROM alert_deliveries WHERE alert_id = $1 ORDER BY id`, [alertId]);
  return rows.map((r) => r.d);
}
async function append(connector: string, type: string, data: Record<string, unknown> = {}): Promise<void> {
  const id = uuidv7();
  await new EventStore(db.pool).append([{ stream: id, connector, type, data }]);
}

describe('alert lifecycle', () => {
  it('groups occurrences into one open alert per connector and kind: counted, last evidence kept, 5 sample events, raised once', async () => {
    const alerts = lifecycle();
    const results = [];
    for (let i = 0; i < 7; i += 1) results.push(await alerts.open('groupco', 'permanent_failure', { evidence: { code: 'HUB_ACTION_PERMANENT', n: i }, sampleEventId: `evt-${i}` }));
    expect(results.map((r) => r?.opened)).toEqual([true, false, false, false, false, false, false]);
    const [alert, ...others] = await alerts.list({ connector: 'groupco' });
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ kind: 'permanent_failure', severity: 'error', status: 'open', occurrences: 7, evidence: { n: 6 }, sampleEventIds: ['evt-0', 'evt-1', 'evt-2', 'evt-3', 'evt-4'] });
    expect(await eventsOf('groupco', 'alert.raised')).toEqual([expect.objectContaining({ alertId: alert?.id, kind: 'permanent_failure', severity: 'error', muted: false })]);
    expect(await deliveries(alert?.id as string)).toEqual(['slack:raised', 'webhook:raised']);
    // Another kind of the same connector is its own alert.
    await alerts.open('groupco', 'data_format', { evidence: {} });
    expect((await alerts.list({ connector: 'groupco' })).map((a) => a.kind).sort()).toEqual(['data_format', 'permanent_failure']);
  });

  it('two replicas failing at once open one alert and count every occurrence', async () => {
    const replicaPool = createPool({ url: db.url, schema: db.schema, appRole: 'hub_app', max: 10 });
    try {
      const [a, b] = [lifecycle(), lifecycle(replicaPool)];
      const results = await Promise.all(Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).open('raceco', 'data_format', { evidence: { i }, sampleEventId: `evt-${i}` })));
      expect(results.filter((r) => r?.opened)).toHaveLength(1);
      const open = await a.list({ connector: 'raceco' });
      expect(open).toHaveLength(1);
      expect(open[0]?.occurrences).toBe(40);
      expect(open[0]?.sampleEventIds).toHaveLength(5);
      expect(await eventsOf('raceco', 'alert.raised')).toHaveLength(1);
      expect(await deliveries(open[0]?.id as string)).toEqual(['slack:raised', 'webhook:raised']);
    } finally {
      await replicaPool.end();
    }
  });

  it('the AlertRaiser API of the processor and the token manager records through the lifecycle, never throwing', async () => {
    const store = new EventStore(db.pool);
    const raiser = new AlertRaiser({ store, log: testLogger, lifecycle: lifecycle() });
    await raiser.raise('raiserco', 'permanent_failure', { eventId: 'evt-r1', code: 'HUB_ACTION_PERMANENT' });
    await raiser.raise('raiserco', 'permanent_failure', { eventId: 'evt-r2', code: 'HUB_ACTION_PERMANENT' });
    const [alert] = await lifecycle().list({ connector: 'raiserco' });
    expect(alert).toMatchObject({ occurrences: 2, sampleEventIds: ['evt-r1', 'evt-r2'] });
    // A database that cannot be reached: the failure that caused the alert must still go on.
    const closed = createPool({ url: db.url, schema: db.schema, appRole: 'hub_app', max: 1 });
    await closed.end();
    const broken = new AlertRaiser({ store: new EventStore(closed), log: testLogger });
    await expect(broken.raise('raiserco', 'data_format', {})).resolves.toBeUndefined();
  });

  it('a muted alert records but does not notify: a reopened alert within the mute raises silently, and its webhook is not told of the resolve', async () => {
    const alerts = lifecycle();
    const first = (await alerts.open('muteco', 'permanent_failure', { evidence: {} }))?.alert;
    const muted = await alerts.mute(first?.id as string, 3_600_000, 'cli:ops');
    expect(muted.mutedUntil?.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    await alerts.resolveById(first?.id as string, 'cli:ops');
    // Told of the raise: the mute itself is news to both; then Slack's message is edited to say resolved, the webhook is silenced.
    expect(await deliveries(first?.id as string)).toEqual(['slack:raised', 'webhook:raised', 'slack:muted', 'webhook:muted', 'slack:resolved']);
    const again = await alerts.open('muteco', 'permanent_failure', { evidence: { again: true } });
    expect(again?.opened).toBe(true);
    expect(again?.alert.mutedUntil).not.toBeNull();
    expect(await deliveries(again?.alert.id as string)).toEqual([]);
    expect((await eventsOf('muteco', 'alert.raised')).map((d) => d.muted)).toEqual([false, true]);
    expect(await eventsOf('muteco', 'alert.muted')).toHaveLength(1);
    // After the mute period it notifies again.
    await alerts.resolve('muteco', 'permanent_failure', { by: 'test' });
    offsetMs = 2 * 3_600_000;
    try {
      const later = await alerts.open('muteco', 'permanent_failure', { evidence: {} });
      expect(await deliveries(later?.alert.id as string)).toEqual(['slack:raised', 'webhook:raised']);
    } finally {
      offsetMs = 0;
    }
  });
});

describe('alert evaluator', () => {
  it('resolves a permanent failure only after a quiet period AND a later success of the connector', async () => {
    const alerts = lifecycle();
    const opened = await alerts.open('recoverco', 'permanent_failure', { evidence: {} });
    const rules = evaluator(['recoverco'], { quietMs: 60_000 });
    await append('recoverco', 'webhook.processed'); // a success, but not quiet yet
    await rules.evaluateOnce();
    expect((await alerts.get(opened?.alert.id as string))?.status).toBe('open');

    offsetMs = 120_000;
    try {
      await alerts.open('recoverco', 'permanent_failure', { evidence: { late: true } }); // it failed again, at +120 s
      offsetMs = 240_000;
      await rules.evaluateOnce();
      expect((await alerts.get(opened?.alert.id as string))?.status).toBe('open'); // quiet, but no success since the last failure

      // A success after the last occurrence (+150 s on the store's clock, which is real time).
      await db.admin.query(`INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $1, 'recoverco', 'webhook.processed', '{}', now() + interval '150 seconds')`, [uuidv7()]);
      await rules.evaluateOnce();
      const resolved = await alerts.get(opened?.alert.id as string);
      expect(resolved).toMatchObject({ status: 'resolved', resolution: { reason: 'recovered', quietMs: 60_000 } });
      expect(await eventsOf('recoverco', 'alert.resolved')).toEqual([expect.objectContaining({ alertId: opened?.alert.id, occurrences: 2 })]);
      expect(await deliveries(opened?.alert.id as string)).toEqual(['slack:raised', 'webhook:raised', 'slack:resolved', 'webhook:resolved']);
    } finally {
      offsetMs = 0;
    }
  });

  it('opens circuit_open when a circuit opens, once however often it is evaluated, and resolves it when every circuit of the connector closed', async () => {
    const rules = evaluator(['circuitco']);
    await append('circuitco', 'circuit.opened', { circuit: 'circuitco:api.example.com', until: 'x' });
    await append('circuitco', 'circuit.opened', { circuit: 'circuitco:other.example.com', until: 'y' });
    await Promise.all([rules.evaluateOnce(), evaluator(['circuitco']).evaluateOnce(), rules.evaluateOnce()]);
    const [alert, ...more] = await lifecycle().list({ connector: 'circuitco' });
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ kind: 'circuit_open', severity: 'critical', occurrences: 1 });
    expect((alert?.evidence.circuits as unknown[]).length).toBe(2);

    await append('circuitco', 'circuit.closed', { circuit: 'circuitco:api.example.com' });
    await rules.evaluateOnce();
    expect((await lifecycle().get(alert?.id as string))?.status).toBe('open'); // one circuit still open
    await append('circuitco', 'circuit.closed', { circuit: 'circuitco:other.example.com' });
    await Promise.all([rules.evaluateOnce(), evaluator(['circuitco']).evaluateOnce()]);
    expect((await lifecycle().get(alert?.id as string))?.status).toBe('resolved');
    expect(await eventsOf('circuitco', 'alert.resolved')).toHaveLength(1);
  });

  it('opens dlq_growing at the threshold of dead letters in the window and resolves it after a window without any', async () => {
    const rules = evaluator(['dlqco'], { dlqThreshold: 3, dlqWindowMs: 60_000 });
    for (let i = 0; i < 2; i += 1) await append('dlqco', 'webhook.dead_lettered');
    await rules.evaluateOnce();
    expect(await lifecycle().list({ connector: 'dlqco' })).toEqual([]);
    await append('dlqco', 'webhook.dead_lettered');
    await rules.evaluateOnce();
    await rules.evaluateOnce();
    const [alert] = await lifecycle().list({ connector: 'dlqco' });
    expect(alert).toMatchObject({ kind: 'dlq_growing', occurrences: 1, evidence: { deadLettered: 3, threshold: 3 } });
    offsetMs = 120_000;
    try {
      await rules.evaluateOnce();
    } finally {
      offsetMs = 0;
    }
    expect((await lifecycle().get(alert?.id as string))?.status).toBe('resolved');
  });

  it('leaves anomaly alerts to their runner: open and resolve by connector and kind', async () => {
    const alerts = lifecycle();
    const opened = await alerts.open('anomalyco', 'anomaly:error_rate', { severity: 'error', evidence: { value: 0.4, baseline: 0.01 } });
    await evaluator(['anomalyco'], { quietMs: 0 }).evaluateOnce();
    expect((await alerts.get(opened?.alert.id as string))?.status).toBe('open');
    const resolved = await alerts.resolve('anomalyco', 'anomaly:error_rate', { value: 0.01 });
    expect(resolved).toMatchObject({ id: opened?.alert.id, severity: 'error' });
    expect(await alerts.resolve('anomalyco', 'anomaly:error_rate', {})).toBeUndefined();
  });
});
