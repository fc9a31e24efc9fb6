import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { EventStore } from '../event-store/index.js';
import type { WorkflowDefinition } from './workflow-definition.js';
import { WorkflowStore } from './workflow-store.js';

let db: TestDatabase;
let store: WorkflowStore;

beforeAll(async () => {
  db = await createTestDatabase('workflow_store');
  store = new WorkflowStore(db.pool, new EventStore(db.pool));
});
afterAll(async () => {
  await db.drop();
});

function definition(name: string, text = 'paid', event = 'payment_intent.succeeded'): WorkflowDefinition {
  return { name, trigger: { connector: 'stripe', event }, steps: [{ id: 'notify', type: 'notify', channel: 'C1', text }] };
}

async function eventsOf(workflowId: string): Promise<{ type: string; actor: string | null; connector: string; data: Record<string, unknown> }[]> {
  const { rows } = await db.admin.query('SELECT type, actor, connector, data FROM events WHERE stream = $1 ORDER BY id', [workflowId]);
  return rows;
}

/** The HubError code `work` rejects with. */
async function codeOf(work: Promise<unknown>): Promise<string | undefined> {
  try {
    await work;
  } catch (err) {
    return (err as { code?: string }).code;
  }
  return undefined;
}

describe('WorkflowStore', () => {
  it('saves version 1 active and records version_saved (with the definition) and activated, with the actor', async () => {
    const saved = await store.saveVersion(definition('first'), { actor: 'cli:alice' });
    expect(saved).toEqual({ workflowId: expect.any(String), name: 'first', version: 1 });
    const [summary] = (await store.list()).filter((w) => w.name === 'first');
    expect(summary).toMatchObject({ id: saved.workflowId, status: 'active', activeVersion: 1, canary: null, trigger: { connector: 'stripe', event: 'payment_intent.succeeded' }, latestVersion: 1, updatedBy: 'cli:alice' });
    expect(await eventsOf(saved.workflowId)).toEqual([
      { type: 'workflow.version_saved', actor: 'cli:alice', connector: 'stripe', data: { name: 'first', version: 1, definition: definition('first') } },
      { type: 'workflow.activated', actor: 'cli:alice', connector: 'stripe', data: { name: 'first', version: 1, previous: null } },
    ]);
  });

  it('keeps versions immutable: the app role may not update or delete one, and even the owner is stopped', async () => {
    const { workflowId } = await store.saveVersion(definition('frozen'), { actor: 'cli:alice' });
    await expect(db.pool.query(`UPDATE workflow_versions SET definition = '{}' WHERE workflow_id = $1`, [workflowId])).rejects.toMatchObject({ code: '42501' });
    await expect(db.pool.query(`DELETE FROM workflow_versions WHERE workflow_id = $1`, [workflowId])).rejects.toMatchObject({ code: '42501' });
    await expect(db.admin.query(`UPDATE workflow_versions SET definition = '{}' WHERE workflow_id = $1`, [workflowId])).rejects.toThrow(/immutable/);
    await expect(db.admin.query(`DELETE FROM workflow_versions WHERE workflow_id = $1`, [workflowId])).rejects.toThrow(/immutable/);
    expect((await store.get('frozen'))?.versions[0]?.definition).toEqual(definition('frozen'));
  });

  it('gives concurrent saves of one new name distinct version numbers', async () => {
    const saves = await Promise.all(Array.from({ length: 8 }, (_, i) => store.saveVersion(definition('racy', `text ${i}`), { actor: `cli:user${i}` })));
    expect(saves.map((s) => s.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(new Set(saves.map((s) => s.workflowId)).size).toBe(1);
    const detail = await store.get('racy');
    expect(detail?.versions.map((v) => v.version)).toEqual([8, 7, 6, 5, 4, 3, 2, 1]);
    // Each version holds the text its own save sent.
    for (const save of saves) expect((detail?.versions.find((v) => v.version === save.version)?.definition as WorkflowDefinition | undefined)?.steps[0]).toMatchObject({ text: `text ${saves.indexOf(save)}` });
    expect(detail?.activeVersion).toBe(8);
    expect((await eventsOf(detail?.id as string)).filter((e) => e.type === 'workflow.version_saved')).toHaveLength(8);
  });

  it('rolls back one version at a time, then says there is no earlier one; --to jumps to any version', async () => {
    for (const text of ['v1', 'v2', 'v3']) await store.saveVersion(definition('rolling', text), { actor: 'cli:alice' });
    expect(await store.rollback('rolling', 'slack:U1')).toEqual({ from: 3, to: 2 });
    expect((await store.get('rolling'))?.activeVersion).toBe(2);
    expect(await store.rollback('rolling', 'slack:U1')).toEqual({ from: 2, to: 1 });
    expect(await codeOf(store.rollback('rolling', 'slack:U1'))).toBe('HUB_WORKFLOW_NO_EARLIER_VERSION');
    expect(await store.rollback('rolling', 'cli:bob', 3)).toEqual({ from: 1, to: 3 });
    const detail = await store.get('rolling');
    expect(detail).toMatchObject({ activeVersion: 3, previousVersions: [], updatedBy: 'cli:bob' });
    const rolled = (await eventsOf(detail?.id as string)).filter((e) => e.type === 'workflow.rolled_back');
    expect(rolled.map((e) => [e.actor, e.data.from, e.data.to])).toEqual([
      ['slack:U1', 3, 2],
      ['slack:U1', 2, 1],
      ['cli:bob', 1, 3],
    ]);
  });

  it('refuses a rollback to an unknown version or to the active one, and any operation on an unknown name', async () => {
    await store.saveVersion(definition('strict'), { actor: 'cli:alice' });
    expect(await codeOf(store.rollback('strict', 'cli:alice', 9))).toBe('HUB_WORKFLOW_VERSION_NOT_FOUND');
    expect(await codeOf(store.rollback('strict', 'cli:alice', 1))).toBe('HUB_WORKFLOW_OPERATION_INVALID');
    const ops = [() => store.disable('nope', 'x'), () => store.enable('nope', 'x'), () => store.rollback('nope', 'x'), () => store.setCanary('nope', 2, 10, 'x'), () => store.promoteCanary('nope', 'x'), () => store.stopCanary('nope', 'x')];
    for (const op of ops) expect(await codeOf(op())).toBe('HUB_WORKFLOW_NOT_FOUND');
    expect(await store.get('nope')).toBeUndefined();
  });

  it('disables and enables, recording each change once', async () => {
    const { workflowId } = await store.saveVersion(definition('switch'), { actor: 'cli:alice' });
    expect((await store.disable('switch', 'slack:U2')).status).toBe('disabled');
    expect((await store.disable('switch', 'slack:U2')).status).toBe('disabled');
    expect((await store.enable('switch', 'cli:alice')).status).toBe('active');
    const changes = (await eventsOf(workflowId)).filter((e) => e.type === 'workflow.disabled' || e.type === 'workflow.enabled');
    expect(changes.map((e) => [e.type, e.actor])).toEqual([
      ['workflow.disabled', 'slack:U2'],
      ['workflow.enabled', 'cli:alice'],
    ]);
  });

  it('saves a version without activating it, runs it as a canary, promotes it; stop ends a canary', async () => {
    await store.saveVersion(definition('bird', 'v1'), { actor: 'cli:alice' });
    await store.saveVersion(definition('bird', 'v2'), { actor: 'cli:alice', activate: false });
    expect((await store.get('bird'))?.activeVersion).toBe(1);
    expect((await store.setCanary('bird', 2, 25, 'cli:alice')).canary).toEqual({ version: 2, percent: 25, startedAt: expect.any(Date), guard: { failureRateMargin: 0.2, minRuns: 20, p95Factor: 2 } });
    expect(await store.promoteCanary('bird', 'cli:carol')).toMatchObject({ activeVersion: 2, canary: null, updatedBy: 'cli:carol' });
    expect((await store.get('bird'))?.previousVersions).toEqual([1]);
    await store.setCanary('bird', 1, 10, 'cli:alice');
    expect((await store.stopCanary('bird', 'cli:alice')).canary).toBeNull();
    const { id } = (await store.get('bird')) as { id: string };
    expect((await eventsOf(id)).filter((e) => e.type.startsWith('workflow.canary')).map((e) => [e.type, e.data.version])).toEqual([
      ['workflow.canary_set', 2],
      ['workflow.canary_promoted', 2],
      ['workflow.canary_set', 1],
      ['workflow.canary_stopped', 1],
    ]);
  });

  it('refuses a canary outside 1-99 %, of the active version, of another trigger, and promote/stop without one', async () => {
    await store.saveVersion(definition('picky', 'v1'), { actor: 'cli:alice' });
    await store.saveVersion(definition('picky', 'v2', 'charge.refunded'), { actor: 'cli:alice', activate: false });
    await store.saveVersion(definition('picky', 'v3'), { actor: 'cli:alice', activate: false });
    for (const percent of [0, 100, 12.5]) expect(await codeOf(store.setCanary('picky', 3, percent, 'x'))).toBe('HUB_WORKFLOW_OPERATION_INVALID');
    expect(await codeOf(store.setCanary('picky', 1, 10, 'x'))).toBe('HUB_WORKFLOW_OPERATION_INVALID');
    expect(await codeOf(store.setCanary('picky', 2, 10, 'x'))).toBe('HUB_WORKFLOW_OPERATION_INVALID');
    expect(await codeOf(store.setCanary('picky', 7, 10, 'x'))).toBe('HUB_WORKFLOW_VERSION_NOT_FOUND');
    expect(await codeOf(store.promoteCanary('picky', 'x'))).toBe('HUB_WORKFLOW_OPERATION_INVALID');
    expect(await codeOf(store.stopCanary('picky', 'x'))).toBe('HUB_WORKFLOW_OPERATION_INVALID');
    expect((await store.get('picky'))?.canary).toBeNull();
  });

  it('stops a running canary when a new version is activated or a rollback happens', async () => {
    await store.saveVersion(definition('moving', 'v1'), { actor: 'cli:alice' });
    await store.saveVersion(definition('moving', 'v2'), { actor: 'cli:alice', activate: false });
    await store.setCanary('moving', 2, 50, 'cli:alice');
    await store.saveVersion(definition('moving', 'v3'), { actor: 'cli:alice' });
    expect(await store.get('moving')).toMatchObject({ activeVersion: 3, canary: null });
    await store.setCanary('moving', 2, 50, 'cli:alice');
    await store.rollback('moving', 'cli:alice');
    expect(await store.get('moving')).toMatchObject({ activeVersion: 1, canary: null });
  });
});
