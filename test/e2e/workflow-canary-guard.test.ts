import { randomUUID } from 'node:crypto';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { canaryBucket, type CanaryStatus, type WorkflowRun } from '@hub/core/workflows';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_canary_guard';
const SLACK_TOKEN = 'xoxb-canary-guard';
const MIN_RUNS = 6;

let hub: TestHub;
let downstream: Downstream;
let slack: FakeSlack;
let operator: Record<string, string>;

beforeAll(async () => {
  downstream = await startDownstream();
  // The broken version's ledger answers 500 to everything; the others accept.
  downstream.respondWith = (req) => ({ status: req.path === '/broken' ? 500 : 201 });
  slack = await startFakeSlack({ token: SLACK_TOKEN, channels: { alerts: 'C0ALERTS' } });
  hub = await startTestHub({
    label: 'wfguard',
    secrets: { stripe: SECRET },
    consoleToken: 'console-token-canary-guard',
    env: {
      HUB_CANARY_CHECK_INTERVAL_S: '1',
      // One attempt: a failed run is final, and the webhook dead-letters without an alert of its own.
      HUB_RETRY_MAX_ATTEMPTS: '1',
      HUB_ALERT_SLACK_TOKEN: SLACK_TOKEN,
      HUB_ALERT_SLACK_CHANNEL: '#alerts',
      HUB_ALERT_SLACK_API_URL: slack.url,
      HUB_ALERT_DELIVERY_INTERVAL_MS: '100',
      // No rule alerts (dlq_growing would post too): the only message is the rollback's.
      HUB_ALERT_EVALUATE_INTERVAL_MS: '0',
      HUB_CONSOLE_URL: 'https://console.example.com',
    },
  });
  operator = { authorization: `Bearer ${(await new ApiTokenStore(hub.resources.pool).create({ name: 'ops.cara@example.com', role: 'operator', actor: 'test' })).token}` };
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
  await slack?.close();
});

async function api<T>(method: 'GET' | 'POST', url: string, payload?: unknown): Promise<{ status: number; body: T }> {
  const res = await hub.console.inject({ method, url, headers: operator, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json<T>() };
}

const ledger = (name: string, path: string) => ({
  name,
  trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
  steps: [{ id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/${path}"`, body: '{ "event": id }' } }],
});

/** v1 active, v2 a 50 % canary with the guard given. */
async function canaried(name: string, stablePath: string, canaryPath: string): Promise<void> {
  expect((await api('POST', '/api/workflows', { document: ledger(name, stablePath), message: 'stable' })).status).toBe(201);
  expect((await api('POST', '/api/workflows?activate=false', { document: ledger(name, canaryPath), message: 'candidate' })).status).toBe(201);
  const set = await api('POST', `/api/workflows/${name}/canary`, { version: 2, percent: 50, guard: { minRuns: MIN_RUNS, failureRateMargin: 0.2, p95Factor: null } });
  expect(set.status).toBe(200);
}

type Row = { actor: string; data: Record<string, unknown> };
async function rolledBackEvents(name: string): Promise<Row[]> {
  const { rows } = await hub.db.admin.query<Row>(
    `SELECT e.actor, e.data FROM events e JOIN workflows w ON w.id = e.stream WHERE w.name = $1 AND e.type = 'workflow.canary_rolled_back' ORDER BY e.id`,
    [name],
  );
  return rows;
}
const status = async (eventId: string) => (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: operator })).json<{ status: string }>().status;
const finished = async (eventId: string) => ['processed', 'dead_lettered'].includes(await status(eventId));

type Block = { type: string; text?: { text: string }; fields?: { text: string }[] };

describe('canary guard in the worker', () => {
  it('rolls back a failing canary at 50 % once it has minRuns runs, records it, and tells Slack with the figures; a healthy canary on the same events stays', { timeout: 120_000 }, async () => {
    // "canary-healthy" runs first on each event (workflows run by name), so it has at least as
    // many canary runs as the failing one whenever the guard looks: it is judged every time.
    await canaried('canary-healthy', 'healthy-v1', 'healthy-v2');
    await canaried('canary-rollback', 'stable', 'broken');

    let sent = 0;
    while ((await rolledBackEvents('canary-rollback')).length === 0) {
      if (sent >= 80) throw new Error(`no rollback after ${sent} webhooks`);
      const eventId = await postStripeEvent(hub.ingress, `evt_guard_${randomUUID()}`, SECRET);
      await waitFor(`${eventId} finished`, () => finished(eventId), 20_000);
      sent += 1;
    }

    const [rollback] = await rolledBackEvents('canary-rollback');
    const candidate = rollback?.data.candidate as { runs: number };
    // The version a webhook runs is a hash of its random event id: now and then the first
    // minRuns webhooks all go to v2 and the guard decides before v1 ran once (no runs: no p95).
    const stable = rollback?.data.stable as { runs: number };
    expect(stable.runs).toEqual(expect.any(Number));
    expect(rollback).toEqual({
      actor: 'system:canary-guard',
      data: {
        name: 'canary-rollback',
        version: 2,
        percent: 50,
        activeVersion: 1,
        reason: 'failure_rate',
        message: expect.stringMatching(/^v2 failed \d+ of \d+ runs \(100\.0 %\), v1 0 of \d+ \(0\.0 %\): more than 20\.0 % above$/),
        candidate: { version: 2, runs: candidate.runs, failed: candidate.runs, failureRate: 1, p95Ms: null },
        stable: { version: 1, runs: stable.runs, failed: 0, failureRate: 0, p95Ms: stable.runs > 0 ? expect.any(Number) : null },
        guard: { failureRateMargin: 0.2, minRuns: MIN_RUNS, p95Factor: null },
      },
    });
    expect(candidate.runs).toBeGreaterThanOrEqual(MIN_RUNS);

    const after = await api<CanaryStatus>('GET', '/api/workflows/canary-rollback/canary');
    expect(after.body).toMatchObject({
      canary: null,
      candidate: null,
      stable: { version: 1 },
      rolledBack: { at: expect.any(String), version: 2, reason: 'failure_rate', message: rollback?.data.message, figures: { candidate: rollback?.data.candidate, stable: rollback?.data.stable } },
    });

    // The alert reaches Slack, with the figures.
    const message = await waitFor('the rollback alert in Slack', () => [...slack.messages.values()].find((m) => m.text?.includes('workflow_canary_rolled_back:canary-rollback')), 15_000);
    expect(message.channel).toBe('C0ALERTS');
    const blocks = message.blocks as Block[];
    expect(blocks[0]?.text?.text).toBe('🚨 ERROR: workflow_canary_rolled_back:canary-rollback on stripe');
    const fields = blocks[1]?.fields?.map((f) => f.text).join('\n') ?? '';
    expect(fields).toContain('*Connector*\nstripe');
    expect(fields).toContain(`*Evidence*\nworkflow canary-rollback: canary v2 (50 %) rolled back to v1: ${String(rollback?.data.message)}`);

    // From now on every event runs v1, also one whose bucket is in the canary's 50 %.
    let inCanary: string | undefined;
    for (let i = 0; i < 20 && !inCanary; i += 1) {
      const eventId = await postStripeEvent(hub.ingress, `evt_after_${randomUUID()}`, SECRET);
      await waitFor(`${eventId} finished`, () => finished(eventId), 20_000);
      if (canaryBucket(eventId) < 50) inCanary = eventId;
    }
    expect(inCanary).toBeDefined();
    expect(await status(inCanary as string)).toBe('processed');
    const runs = (await api<{ runs: WorkflowRun[] }>('GET', '/api/workflows/canary-rollback/runs')).body.runs;
    expect(runs.find((r) => r.eventId === inCanary)).toMatchObject({ version: 1, canary: false, status: 'completed' });

    // The healthy canary had minRuns runs before the guard's round that rolled the other back (it
    // is judged first in a round, by name), and stays.
    const rolledBackAt = Date.parse(String(after.body.rolledBack?.at));
    const healthyRuns = (await api<{ runs: WorkflowRun[] }>('GET', '/api/workflows/canary-healthy/runs?version=2&limit=500')).body.runs;
    expect(healthyRuns.filter((r) => r.status === 'completed' && Date.parse(String(r.finishedAt)) < rolledBackAt).length).toBeGreaterThanOrEqual(MIN_RUNS);
    const healthy = await api<CanaryStatus>('GET', '/api/workflows/canary-healthy/canary');
    expect(healthy.body).toMatchObject({ canary: { version: 2, percent: 50 }, candidate: { version: 2, failed: 0, failureRate: 0 }, rolledBack: null });
    expect(await rolledBackEvents('canary-healthy')).toEqual([]);
    expect([...slack.messages.values()].filter((m) => m.text?.includes('canary-healthy'))).toEqual([]);
  });
});
