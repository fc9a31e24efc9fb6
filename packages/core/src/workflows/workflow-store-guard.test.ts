import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore } from '../event-store/index.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { WorkflowStore } from './workflow-store.js';

let db: TestDatabase;
let store: WorkflowStore;

beforeAll(async () => {
  db = await createTestDatabase('workflow_store_guard');
  store = new WorkflowStore(db.pool, new EventStore(db.pool));
});
afterAll(async () => {
  await db.drop();
});

function definition(name: string, text = 'paid'): WorkflowDefinition {
  return { name, trigger: { connector: 'stripe', event: 'payment_intent.succeeded' }, steps: [{ id: 'notify', type: 'notify', channel: 'C1', text }] };
}

async function eventsOf(workflowId: string, type: string): Promise<{ actor: string | null; data: Record<string, unknown> }[]> {
  const { rows } = await db.admin.query('SELECT actor, data FROM events WHERE stream = $1 AND type = $2 ORDER BY id', [workflowId, type]);
  return rows;
}

async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  return work.then(
    () => undefined,
    (err: { code?: string }) => err.code,
  );
}

describe('WorkflowStore: version messages', () => {
  it('keeps the message of each version (null without one) and records it in workflow.version_saved', async () => {
    const { workflowId } = await store.saveVersion(definition('told'), { actor: 'cli:alice', message: '  first cut  ' });
    await store.saveVersion(definition('told', 'v2'), { actor: 'cli:alice' });
    expect((await store.get('told'))?.versions.map((v) => [v.version, v.message])).toEqual([
      [2, null],
      [1, 'first cut'],
    ]);
    expect((await eventsOf(workflowId, 'workflow.version_saved')).map((e) => e.data.message)).toEqual(['first cut', undefined]);
  });

  it('refuses a message over 500 characters, and the column refuses one too', async () => {
    expect(await codeOf(store.saveVersion(definition('chatty'), { actor: 'cli:alice', message: 'x'.repeat(501) }))).toBe('HUB_WORKFLOW_INVALID');
    expect(await store.get('chatty')).toBeUndefined();
    const { workflowId } = await store.saveVersion(definition('chatty'), { actor: 'cli:alice', message: 'x'.repeat(500) });
    await expect(db.admin.query(`INSERT INTO workflow_versions (workflow_id, version, definition, created_by, message) VALUES ($1, 9, '{}', 'x', $2)`, [workflowId, 'y'.repeat(501)])).rejects.toMatchObject({ code: '23514' });
  });

  it('a message is as immutable as its version', async () => {
    const { workflowId } = await store.saveVersion(definition('sealed'), { actor: 'cli:alice', message: 'as approved' });
    await expect(db.pool.query(`UPDATE workflow_versions SET message = 'changed' WHERE workflow_id = $1`, [workflowId])).rejects.toMatchObject({ code: '42501' });
    await expect(db.admin.query(`UPDATE workflow_versions SET message = 'changed' WHERE workflow_id = $1`, [workflowId])).rejects.toThrow(/immutable/);
  });
});

describe('WorkflowStore: canary guard settings', () => {
  it('a canary gets the default guard and a start; the same version again moves the percent and keeps both', async () => {
    await store.saveVersion(definition('slider'), { actor: 'cli:alice' });
    await store.saveVersion(definition('slider', 'v2'), { actor: 'cli:alice', activate: false });
    const first = (await store.setCanary('slider', 2, 10, 'cli:alice'))?.canary;
    expect(first).toEqual({ version: 2, percent: 10, startedAt: expect.any(Date), guard: { failureRateMargin: 0.2, minRuns: 20, p95Factor: 2 } });
    const moved = (await store.setCanary('slider', 2, 40, 'cli:bob'))?.canary;
    expect(moved).toEqual({ ...first, percent: 40 });
    const guarded = (await store.setCanary('slider', 2, 40, 'cli:bob', { minRuns: 5, p95Factor: null }))?.canary;
    expect(guarded).toEqual({ ...first, percent: 40, guard: { failureRateMargin: 0.2, minRuns: 5, p95Factor: null } });
  });

  it('another version starts a new window; an invalid guard is refused', async () => {
    await store.saveVersion(definition('windows'), { actor: 'cli:alice' });
    await store.saveVersion(definition('windows', 'v2'), { actor: 'cli:alice', activate: false });
    await store.saveVersion(definition('windows', 'v3'), { actor: 'cli:alice', activate: false });
    const first = (await store.setCanary('windows', 2, 10, 'cli:alice', { failureRateMargin: 0.05 }))?.canary;
    await new Promise((resolve) => setTimeout(resolve, 20));
    const next = (await store.setCanary('windows', 3, 10, 'cli:alice'))?.canary;
    expect(next?.startedAt.getTime()).toBeGreaterThan(first?.startedAt.getTime() as number);
    expect(next?.guard).toEqual({ failureRateMargin: 0.2, minRuns: 20, p95Factor: 2 });
    for (const guard of [{ failureRateMargin: 1.5 }, { minRuns: 0 }, { p95Factor: -1 }, { minRuns: 2.5 }]) {
      expect(await codeOf(store.setCanary('windows', 3, 10, 'x', guard))).toBe('HUB_WORKFLOW_OPERATION_INVALID');
    }
  });

  it('rollBackCanary stops the canary it judged (workflow.canary_rolled_back with the figures) and leaves a changed one alone', async () => {
    const { workflowId } = await store.saveVersion(definition('judged'), { actor: 'cli:alice' });
    await store.saveVersion(definition('judged', 'v2'), { actor: 'cli:alice', activate: false });
    await store.saveVersion(definition('judged', 'v3'), { actor: 'cli:alice', activate: false });
    const judged = (await store.setCanary('judged', 2, 50, 'cli:alice'))?.canary;
    if (!judged) throw new Error('no canary');
    const figures = { reason: 'failure_rate', message: 'v2 failed', candidate: { version: 2, runs: 20, failed: 10 } };
    // An operator replaced the canary after the guard read it: nothing changes.
    await store.setCanary('judged', 3, 50, 'cli:alice');
    expect(await store.rollBackCanary('judged', judged, figures, 'system:canary-guard')).toBeUndefined();
    expect((await store.get('judged'))?.canary?.version).toBe(3);

    const current = (await store.get('judged'))?.canary;
    if (!current) throw new Error('no canary');
    expect(await store.rollBackCanary('judged', current, figures, 'system:canary-guard')).toMatchObject({ canary: null, activeVersion: 1, updatedBy: 'system:canary-guard' });
    expect(await eventsOf(workflowId, 'workflow.canary_rolled_back')).toEqual([
      { actor: 'system:canary-guard', data: { name: 'judged', version: 3, percent: 50, activeVersion: 1, ...figures } },
    ]);
  });
});
