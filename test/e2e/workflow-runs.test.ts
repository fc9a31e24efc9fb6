import { ApiTokenStore } from '@hub/core/api-tokens';
import type { CanaryStatus, WorkflowDetail, WorkflowRun, WorkflowRunCounts, WorkflowSummary } from '@hub/core/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_workflow_runs';
const CONSOLE_TOKEN = 'console-token-workflow-runs';

let hub: TestHub;
let downstream: Downstream;
let operator: Record<string, string>;
let viewer: Record<string, string>;
/** Provider event ids the ledger answers 503 (transient) until removed, and 422 (permanent) for good. */
const unavailableFor = new Set<string>();
const refusedFor = new Set<string>();

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = (req) => {
    const event = (req.body as { event?: string }).event ?? '';
    if (unavailableFor.has(event)) return { status: 503 };
    if (refusedFor.has(event)) return { status: 422 };
    return { status: 201 };
  };
  hub = await startTestHub({ label: 'wfruns', secrets: { stripe: SECRET }, consoleToken: CONSOLE_TOKEN, env: { HUB_RETRY_MAX_ATTEMPTS: '10' } });
  const tokens = new ApiTokenStore(hub.resources.pool);
  operator = { authorization: `Bearer ${(await tokens.create({ name: 'ops.olga@example.com', role: 'operator', actor: 'test' })).token}` };
  viewer = { authorization: `Bearer ${(await tokens.create({ name: 'viewer.vic@example.com', role: 'viewer', actor: 'test' })).token}` };
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
});

interface ApiBody {
  error: { code: string; message: string };
  workflows: (WorkflowSummary & { runs: WorkflowRunCounts })[];
  workflow: WorkflowDetail;
  runs: WorkflowRun[];
  name: string;
  version: number;
}

async function api<T = ApiBody>(method: 'GET' | 'POST', url: string, payload?: unknown, headers = operator): Promise<{ status: number; body: T }> {
  const res = await hub.console.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json<T>() };
}

/** Stripe payments whose provider id contains "keep" go to the ledger; the others are filtered at the condition. */
const ledger = (name: string) => ({
  name,
  trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
  steps: [
    { id: 'keep', type: 'condition', when: { field: 'id', operator: 'contains', value: 'keep' } },
    { id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/runs-ledger"`, body: '{ "event": id }' } },
  ],
});

/** Triggered by a GitHub push, which no worker here consumes: operated, never run. */
const pushes = (name: string, path: string) => ({
  name,
  trigger: { connector: 'github', event: 'push' },
  steps: [{ id: 'post', type: 'action', connector: 'http', action: 'post', input: { url: `"https://ledger.example.com/${path}"`, body: '$' } }],
});

const runOf = async (eventId: string): Promise<WorkflowRun | undefined> => (await api('GET', '/api/workflows/runs-ledger/runs')).body.runs.find((r) => r.eventId === eventId);
const status = async (eventId: string) => (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: operator })).json<{ status: string }>().status;
const calls = (providerId: string) => downstream.requests.filter((r) => (r.body as { event?: string }).event === providerId);

describe('workflow runs recorded by the worker', () => {
  beforeAll(async () => {
    expect((await api('POST', '/api/workflows', ledger('runs-ledger'))).status).toBe(201);
  });

  it('a run that completes: one row with its path, finish time, duration and no error', async () => {
    const eventId = await postStripeEvent(hub.ingress, 'evt_keep_done', SECRET);
    await waitFor('processed', async () => (await status(eventId)) === 'processed');
    const run = await waitFor('its run completed', async () => ((await runOf(eventId))?.status === 'completed' ? runOf(eventId) : undefined));
    expect(run).toEqual({
      eventId,
      version: 1,
      canary: false,
      status: 'completed',
      attempts: 1,
      startedAt: expect.any(String),
      finishedAt: expect.any(String),
      durationMs: expect.any(Number),
      path: ['keep', 'ledger'],
      error: null,
    });
    expect(Date.parse(String(run.finishedAt))).toBeGreaterThanOrEqual(Date.parse(String(run.startedAt)));
  });

  it('a run its condition ends: filtered, the condition on its path, no call made', async () => {
    const eventId = await postStripeEvent(hub.ingress, 'evt_drop_filtered', SECRET);
    await waitFor('processed', async () => (await status(eventId)) === 'processed');
    expect(await runOf(eventId)).toMatchObject({ status: 'filtered', attempts: 1, path: ['keep'], error: null, finishedAt: expect.any(String), durationMs: expect.any(Number) });
    expect(calls('evt_drop_filtered')).toEqual([]);
  });

  it('a run that fails is failed with the code until a retry completes it: attempts counted, error gone', async () => {
    unavailableFor.add('evt_keep_flaky');
    const eventId = await postStripeEvent(hub.ingress, 'evt_keep_flaky', SECRET);
    const failed = await waitFor('the run failed', async () => {
      const run = await runOf(eventId);
      return run?.status === 'failed' ? run : undefined;
    });
    expect(failed).toMatchObject({ finishedAt: null, durationMs: null, path: ['keep', 'ledger'], error: { code: expect.stringMatching(/^HUB_/), message: expect.stringContaining('503') } });
    unavailableFor.delete('evt_keep_flaky');
    await waitFor('processed', async () => (await status(eventId)) === 'processed', 30_000);
    const done = await runOf(eventId);
    expect(done).toMatchObject({ status: 'completed', error: null, finishedAt: expect.any(String) });
    // One attempt per call the ledger saw: each failed attempt counted once, the last one completed it.
    expect(done?.attempts).toBe(calls('evt_keep_flaky').length);
    expect(done?.attempts).toBeGreaterThanOrEqual(2);
  });

  it('a run refused for good stays failed and is the workflow last error in the list, beside its counts of the last 24 h', async () => {
    refusedFor.add('evt_keep_refused');
    const eventId = await postStripeEvent(hub.ingress, 'evt_keep_refused', SECRET);
    await waitFor('dead-lettered', async () => (await status(eventId)) === 'dead_lettered');
    const run = await runOf(eventId);
    expect(run).toMatchObject({ status: 'failed', attempts: 1, error: { code: expect.stringMatching(/^HUB_/) } });

    const { status: code, body } = await api('GET', '/api/workflows', undefined, viewer);
    expect(code).toBe(200);
    const summary = body.workflows.find((w) => w.name === 'runs-ledger');
    expect(summary?.runs).toEqual({
      last24h: { completed: 2, filtered: 1, failed: 1, running: 0 },
      lastError: { code: run?.error?.code, message: run?.error?.message, at: expect.any(String), eventId, version: 1 },
    });
  });

  it('lists runs newest first, of one version when asked, at most limit', async () => {
    await api('POST', '/api/workflows', ledger('runs-ledger')); // v2, active from the next webhook
    const eventId = await postStripeEvent(hub.ingress, 'evt_keep_v2', SECRET);
    await waitFor('processed', async () => (await status(eventId)) === 'processed');
    const all = (await api('GET', '/api/workflows/runs-ledger/runs', undefined, viewer)).body.runs;
    expect(all.map((r) => r.version)).toEqual([2, 1, 1, 1, 1]);
    expect(all[0]?.eventId).toBe(eventId);
    const started = all.map((r) => Date.parse(String(r.startedAt)));
    expect(started).toEqual([...started].sort((a, b) => b - a));
    expect((await api('GET', '/api/workflows/runs-ledger/runs?version=1&limit=2')).body.runs.map((r) => r.version)).toEqual([1, 1]);
    expect((await api('GET', '/api/workflows/runs-ledger/runs?limit=0')).body.error.code).toBe('HUB_BAD_REQUEST');
    expect((await api('GET', '/api/workflows/no-such-flow/runs')).status).toBe(404);
  });

  it('a run row that cannot be written is logged and the event still processes', async () => {
    await hub.db.admin.query('ALTER TABLE workflow_runs RENAME TO workflow_runs_away');
    try {
      const eventId = await postStripeEvent(hub.ingress, 'evt_keep_unrecorded', SECRET);
      await waitFor('processed', async () => (await status(eventId)) === 'processed');
      expect(calls('evt_keep_unrecorded')).toHaveLength(1);
      const { rows } = await hub.db.admin.query(`SELECT type FROM events WHERE stream = $1 AND type = 'workflow.completed'`, [eventId]);
      expect(rows).toHaveLength(1);
    } finally {
      await hub.db.admin.query('ALTER TABLE workflow_runs_away RENAME TO workflow_runs');
    }
  });
});

describe('workflow runs API: messages, canary settings, who may do what', () => {
  it('saves a version with its message ({ document, message }) and a bare document without one', async () => {
    expect(await api('POST', '/api/workflows', { document: pushes('told', 'v1'), message: 'first cut, for review' })).toEqual({ status: 201, body: { name: 'told', version: 1 } });
    expect(await api('POST', '/api/workflows?activate=false', pushes('told', 'v2'))).toEqual({ status: 201, body: { name: 'told', version: 2 } });
    const detail = await api('GET', '/api/workflows/told', undefined, viewer);
    expect(detail.body.workflow.versions.map((v) => [v.version, v.message])).toEqual([
      [2, null],
      [1, 'first cut, for review'],
    ]);
    expect((await api('GET', '/api/workflows/told/versions/1')).body).toMatchObject({ version: 1, message: 'first cut, for review' });
    expect(await api('POST', '/api/workflows', { document: pushes('told', 'v3'), message: 'x'.repeat(501) })).toMatchObject({ status: 400, body: { error: { code: 'HUB_BAD_REQUEST' } } });
    expect(await api('POST', '/api/workflows', { document: pushes('told', 'v3'), note: 'unknown field' })).toMatchObject({ status: 400, body: { error: { code: 'HUB_BAD_REQUEST' } } });
    expect((await api('GET', '/api/workflows/told')).body.workflow.latestVersion).toBe(2);
  });

  it('sets a canary with its guard, moves its percent (same start), and shows it beside the stable version', async () => {
    await api('POST', '/api/workflows', pushes('guarded', 'v1'));
    await api('POST', '/api/workflows?activate=false', pushes('guarded', 'v2'));
    const set = await api<{ workflow: WorkflowSummary }>('POST', '/api/workflows/guarded/canary', { version: 2, percent: 10, guard: { minRuns: 8, p95Factor: null } });
    expect(set.status).toBe(200);
    expect(set.body.workflow.canary).toEqual({ version: 2, percent: 10, startedAt: expect.any(String), guard: { failureRateMargin: 0.2, minRuns: 8, p95Factor: null } });
    const moved = await api<{ workflow: WorkflowSummary }>('POST', '/api/workflows/guarded/canary', { version: 2, percent: 60 });
    expect(moved.body.workflow.canary).toEqual({ ...set.body.workflow.canary, percent: 60 });

    const shown = await api<CanaryStatus>('GET', '/api/workflows/guarded/canary', undefined, viewer);
    expect(shown).toEqual({
      status: 200,
      body: {
        canary: { version: 2, percent: 60, startedAt: set.body.workflow.canary?.startedAt, guard: { failureRateMargin: 0.2, minRuns: 8, p95Factor: null } },
        stable: { version: 1, runs: 0, failed: 0, failureRate: 0, p95Ms: null },
        candidate: { version: 2, runs: 0, failed: 0, failureRate: 0, p95Ms: null },
        rolledBack: null,
      },
    });
    expect(await api('POST', '/api/workflows/guarded/canary', { version: 2, percent: 10, guard: { failureRateMargin: 2 } })).toMatchObject({ status: 400, body: { error: { code: 'HUB_BAD_REQUEST' } } });
    expect(await api('POST', '/api/workflows/guarded/canary', { version: 2, percent: 10, guard: { minRuns: 5, extra: 1 } })).toMatchObject({ status: 400 });
    await api('POST', '/api/workflows/guarded/canary', { action: 'stop' });
    expect((await api<CanaryStatus>('GET', '/api/workflows/guarded/canary')).body).toMatchObject({ canary: null, candidate: null, stable: { version: 1 } });
    expect((await api('GET', '/api/workflows/no-such-flow/canary')).status).toBe(404);
  });

  it('a viewer reads runs and canaries but may not set a canary (403, recorded); no token reads nothing', async () => {
    await api('POST', '/api/workflows', pushes('watched', 'v1'));
    await api('POST', '/api/workflows?activate=false', pushes('watched', 'v2'));
    expect((await api('GET', '/api/workflows/watched/runs', undefined, viewer)).status).toBe(200);
    expect((await api('GET', '/api/workflows/watched/canary', undefined, viewer)).status).toBe(200);
    expect(await api('POST', '/api/workflows/watched/canary', { version: 2, percent: 50 }, viewer)).toMatchObject({ status: 403, body: { error: { code: 'HUB_FORBIDDEN' } } });
    expect((await api<CanaryStatus>('GET', '/api/workflows/watched/canary')).body.canary).toBeNull();
    const { rows } = await hub.db.admin.query(`SELECT data FROM events WHERE type = 'api.action_refused' AND data->>'route' = '/api/workflows/:name/canary'`);
    expect(rows).toHaveLength(1);
    for (const url of ['/api/workflows/watched/runs', '/api/workflows/watched/canary']) expect((await api('GET', url, undefined, {})).status).toBe(401);
    expect((await api('POST', '/api/workflows/watched/canary', { version: 2, percent: 50 })).status).toBe(200);
  });
});
