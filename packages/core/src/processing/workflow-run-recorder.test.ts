import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { EventStore } from '../event-store/index.js';
import { WorkflowStore } from '../workflows/index.js';
import { WorkflowRunRecorder, type WorkflowRunKey } from './workflow-run-recorder.js';

let db: TestDatabase;
let recorder: WorkflowRunRecorder;
let workflowId: string;

beforeAll(async () => {
  db = await createTestDatabase('workflow_run_recorder');
  recorder = new WorkflowRunRecorder(db.pool, testLogger);
  const saved = await new WorkflowStore(db.pool, new EventStore(db.pool)).saveVersion(
    { name: 'recorded', trigger: { connector: 'stripe', event: 'payment_intent.succeeded' }, steps: [{ id: 'notify', type: 'notify', channel: 'C1', text: 'paid' }] },
    { actor: 'test' },
  );
  workflowId = saved.workflowId;
});
afterAll(async () => {
  await db.drop();
});

const keyOf = (): WorkflowRunKey => ({ eventId: randomUUID(), workflowId, version: 1 });
async function row(key: WorkflowRunKey) {
  const { rows } = await db.admin.query('SELECT status, attempts, finished_at, duration_ms, path, error_code, error_message FROM workflow_runs WHERE event_id = $1', [key.eventId]);
  return rows[0];
}

describe('WorkflowRunRecorder', () => {
  it('counts an attempt after a failed one, not after one left running (throttled), and forgets the error once completed', async () => {
    const key = keyOf();
    await recorder.started(key, true);
    await recorder.ended(key, { status: 'running', path: ['ledger'], durationMs: 3 });
    await recorder.started(key, true);
    expect(await row(key)).toMatchObject({ status: 'running', attempts: 1, finished_at: null });

    await recorder.ended(key, { status: 'failed', path: ['ledger'], durationMs: 12, error: { code: 'HUB_CONNECTOR_UNAVAILABLE', message: 'answered 503' } });
    expect(await row(key)).toMatchObject({ status: 'failed', attempts: 1, finished_at: null, duration_ms: null, error_code: 'HUB_CONNECTOR_UNAVAILABLE', error_message: 'answered 503' });
    await recorder.started(key, true);
    // A new attempt keeps the last error while it runs: it says why the run is retried.
    expect(await row(key)).toMatchObject({ status: 'running', attempts: 2, error_code: 'HUB_CONNECTOR_UNAVAILABLE' });
    await recorder.ended(key, { status: 'completed', path: ['ledger', 'notify'], durationMs: 41.6 });
    expect(await row(key)).toMatchObject({ status: 'completed', attempts: 2, finished_at: expect.any(Date), duration_ms: 42, path: ['ledger', 'notify'], error_code: null, error_message: null });
  });

  it('keeps the start of a long error message only', async () => {
    const key = keyOf();
    await recorder.started(key, false);
    await recorder.ended(key, { status: 'failed', path: [], durationMs: 1, error: { code: 'HUB_WORKFLOW_EVALUATION_FAILED', message: 'x'.repeat(5_000) } });
    expect((await row(key))?.error_message).toHaveLength(1_000);
  });

  it('a write that fails resolves (the event goes on) and writes nothing', async () => {
    const key = { ...keyOf(), workflowId: randomUUID() }; // no such workflow: the foreign key refuses the row
    await expect(recorder.started(key, false)).resolves.toBeUndefined();
    await expect(recorder.ended(key, { status: 'completed', path: [], durationMs: 1 })).resolves.toBeUndefined();
    expect(await row(key)).toBeUndefined();
  });
});
