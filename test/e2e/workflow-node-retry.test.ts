import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { validateWorkflow, WorkflowStore } from '@hub/core/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { connectors as repoConnectors } from '../support/repo-connectors.js';
import { signedStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const STRIPE_SECRET = 'whsec_workflow_node_retry';
const BOT_TOKEN = 'xoxb-workflow-node-retry';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const slackConnector = await loadConnectorDeclaration(fileURLToPath(new URL('../../connectors/slack/connector.yaml', import.meta.url)));
const catalog = { ...repoConnectors, slack: slackConnector };
// Quick retries; a breaker that stays closed under these tests' 503s (they count calls, not circuits).
const quick = { minTimeout: 200, maxTimeout: 800, factor: 2 };
const closed = { volumeThreshold: 1_000 };

let hub: TestHub;
let downstream: Downstream;
let workflows: WorkflowStore;
/** Stripe event ids whose /flaky call fails once with a 503. */
const failFlakyOnce = new Set<string>();

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = (req) => {
    // Slack (its base URL is the provider simulator) and /down are down: every call meets a 503.
    if (req.path === '/chat.postMessage' || req.path === '/down') return { status: 503 };
    const body = req.body as { event?: string };
    if (req.path === '/flaky' && body.event && failFlakyOnce.delete(body.event)) return { status: 503 };
    return { status: 201 };
  };
  hub = await startTestHub({
    label: 'wfnoderetry',
    secrets: { stripe: STRIPE_SECRET },
    env: { HUB_MASTER_KEYS: MASTER_KEYS, SLACK_BASE_URL: downstream.url },
    extraConnectors: { slack: slackConnector },
    // The connectors' policies: Slack gives an event 3 attempts, http 4.
    connectorOverrides: {
      slack: { retry: { retries: 2, ...quick }, breaker: closed, rateLimit: { points: 100, durationMs: 1_000 } },
      http: { retry: { retries: 3, ...quick }, breaker: closed },
    },
  });
  await new CredentialStore(hub.resources.pool, new EnvMasterKeys(MASTER_KEYS)).put('slack', '', { token: BOT_TOKEN });
  workflows = new WorkflowStore(hub.resources.pool, hub.resources.store);
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
});

type Row = { type: string; data: Record<string, unknown> };
async function stream(eventId: string): Promise<Row[]> {
  const { rows } = await hub.db.admin.query<Row>('SELECT type, data FROM events WHERE stream = $1 ORDER BY id', [eventId]);
  return rows;
}
/** The event's stream once it has this outcome (processed, dead_lettered). */
async function finished(eventId: string, outcome: 'processed' | 'dead_lettered'): Promise<Row[]> {
  await waitFor(`${eventId} ${outcome}`, async () => (await stream(eventId)).some((e) => e.type === `webhook.${outcome}`), 20_000);
  expect((await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json().status).toBe(outcome);
  return stream(eventId);
}

/** A workflow on Stripe's customer.created that runs only for the event with this id (each test sends its own). */
async function save(name: string, forEvent: string, nodes: unknown[], edges: unknown[]): Promise<void> {
  const trigger = { connector: 'stripe', event: 'customer.created', filter: { field: 'id', operator: 'equals', value: forEvent } };
  await workflows.saveVersion(validateWorkflow({ name, trigger, nodes, edges }, catalog), { actor: 'test:node-retry' });
}
async function send(stripeId: string): Promise<string> {
  const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(stripeId, STRIPE_SECRET, {}, 'customer.created') });
  expect(res.statusCode).toBe(202);
  return (res.json() as { eventId: string }).eventId;
}

/** The calls the provider simulator answered for this Stripe event, at this path. */
const callsAt = (path: string, stripeId: string) =>
  downstream.requests.filter((r) => r.path === path && JSON.stringify(r.body).includes(stripeId)).length;
const failures = (events: Row[]) => events.filter((e) => e.type === 'webhook.failed').map((e) => [e.data.class, e.data.attempt]);
const nodeRuns = (events: Row[], node: string) => events.filter((e) => e.type === 'workflow.node_ran' && e.data.node === node).map((e) => e.data);

/** A Slack message about the customer, and a fallback call to the CRM's inbox when Slack fails for good. */
const notifyWithFallback = (retry: object) => ({
  nodes: [
    { id: 'tell', type: 'notify', channel: 'C0SALES', text: 'new customer {{ id }}', ...retry },
    { id: 'fallback', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/fallback"`, body: '{ "event": id, "why": $steps.tell.class }' } },
  ],
  edges: [
    { from: 'trigger', to: 'tell' },
    { from: 'tell', to: 'fallback', branch: 'failure' },
  ],
});
const pushTo = (path: string, retry: object) => ({
  nodes: [{ id: 'push', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}${path}"`, body: '{ "event": id }' }, ...retry }],
  edges: [{ from: 'trigger', to: 'push' }],
});

describe('a call node’s retry override in the worker', () => {
  it('retries: 0 on a notify with a failure branch: the branch takes the 503 at attempt 1, though Slack’s policy gives 3', async () => {
    const { nodes, edges } = notifyWithFallback({ retry: { retries: 0 } });
    await save('tell-once', 'evt_retry_once', nodes, edges);
    const events = await finished(await send('evt_retry_once'), 'processed');

    expect(callsAt('/chat.postMessage', 'evt_retry_once')).toBe(1);
    expect(callsAt('/fallback', 'evt_retry_once')).toBe(1);
    expect(failures(events)).toEqual([]);
    expect(nodeRuns(events, 'tell').map((d) => [d.outcome, d.class])).toEqual([['failed_handled', 'transient']]);
    expect(downstream.requests.find((r) => r.path === '/fallback' && (r.body as { event?: string }).event === 'evt_retry_once')?.body).toEqual({ event: 'evt_retry_once', why: 'transient' });
  });

  it('control: the same notify without retry is called on each of Slack’s 3 attempts, and the failure branch takes the third', async () => {
    const { nodes, edges } = notifyWithFallback({});
    await save('tell-by-policy', 'evt_retry_policy', nodes, edges);
    const events = await finished(await send('evt_retry_policy'), 'processed');

    expect(callsAt('/chat.postMessage', 'evt_retry_policy')).toBe(3);
    expect(callsAt('/fallback', 'evt_retry_policy')).toBe(1);
    expect(failures(events)).toEqual([
      ['transient', 1],
      ['transient', 2],
    ]);
    expect(nodeRuns(events, 'tell').map((d) => d.outcome)).toEqual(['failed', 'failed', 'failed_handled']);
  });

  it('retries: 1 and nothing to take the failure: dead-lettered after exactly 2 calls, though http’s policy gives 4; the DLQ shows it transient', async () => {
    const { nodes, edges } = pushTo('/down', { retry: { retries: 1 } });
    await save('push-twice', 'evt_retry_twice', nodes, edges);
    const eventId = await send('evt_retry_twice');
    const events = await finished(eventId, 'dead_lettered');

    expect(callsAt('/down', 'evt_retry_twice')).toBe(2);
    expect(failures(events)).toEqual([
      ['transient', 1],
      ['transient', 2],
    ]);
    const dead = events.find((e) => e.type === 'webhook.dead_lettered')?.data;
    expect(dead).toMatchObject({ class: 'transient', attempts: 2, nodeRetries: 1, route: 'workflow:push-twice:push' });
    const dlq = (await hub.console.inject({ method: 'GET', url: '/api/connectors/stripe/dlq' })).json() as { deadLetters: { eventId: string; errorClass: string; attempts: number }[] };
    expect(dlq.deadLetters.find((d) => d.eventId === eventId)).toMatchObject({ errorClass: 'transient', attempts: 2 });
  });

  it('control: the same call without retry is made on each of http’s 4 attempts before the event is dead-lettered', async () => {
    const { nodes, edges } = pushTo('/down', {});
    await save('push-by-policy', 'evt_retry_four', nodes, edges);
    const events = await finished(await send('evt_retry_four'), 'dead_lettered');

    expect(callsAt('/down', 'evt_retry_four')).toBe(4);
    expect(failures(events).map(([, attempt]) => attempt)).toEqual([1, 2, 3, 4]);
    const dead = events.find((e) => e.type === 'webhook.dead_lettered')?.data;
    expect(dead).toMatchObject({ class: 'transient', attempts: 4 });
    expect(dead).not.toHaveProperty('nodeRetries');
  });

  it('retries above the connector’s policy add no attempt: 9 retries on http’s 4 attempts, dead-lettered after 4 calls', async () => {
    const { nodes, edges } = pushTo('/down', { retry: { retries: 9 } });
    await save('push-capped', 'evt_retry_capped', nodes, edges);
    const events = await finished(await send('evt_retry_capped'), 'dead_lettered');

    expect(callsAt('/down', 'evt_retry_capped')).toBe(4);
    expect(events.find((e) => e.type === 'webhook.dead_lettered')?.data).toMatchObject({ class: 'transient', attempts: 4 });
  });

  it('a retry for a sibling’s sake does not call again a node whose failure the workflow took', async () => {
    // tell (not retried, failure → fallback) and push (fails once, then answers) run in parallel.
    const { nodes, edges } = notifyWithFallback({ retry: { retries: 0 } });
    failFlakyOnce.add('evt_retry_sibling');
    await save(
      'tell-and-push',
      'evt_retry_sibling',
      [...nodes, { id: 'push', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/flaky"`, body: '{ "event": id }' } }],
      [...edges, { from: 'trigger', to: 'push' }],
    );
    const events = await finished(await send('evt_retry_sibling'), 'processed');

    expect(callsAt('/flaky', 'evt_retry_sibling')).toBe(2);
    expect(callsAt('/chat.postMessage', 'evt_retry_sibling')).toBe(1);
    expect(callsAt('/fallback', 'evt_retry_sibling')).toBe(1);
    expect(failures(events)).toEqual([['transient', 1]]);
    expect(nodeRuns(events, 'tell').map((d) => [d.outcome, d.earlierAttempt])).toEqual([
      ['failed_handled', undefined],
      ['failed_handled', true],
    ]);
  });

  it('a spent node ends the retries at once, even when a sibling’s failure in the same attempt could be retried', async () => {
    await save(
      'spent-and-sibling',
      'evt_retry_spent',
      [
        { id: 'once', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/down"`, body: '{ "event": id, "node": "once" }' }, retry: { retries: 0 } },
        { id: 'other', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/down"`, body: '{ "event": id, "node": "other" }' } },
      ],
      [
        { from: 'trigger', to: 'once' },
        { from: 'trigger', to: 'other' },
      ],
    );
    const events = await finished(await send('evt_retry_spent'), 'dead_lettered');

    expect(callsAt('/down', 'evt_retry_spent')).toBe(2);
    expect(events.find((e) => e.type === 'webhook.dead_lettered')?.data).toMatchObject({ class: 'transient', attempts: 1, nodeRetries: 0, route: 'workflow:spent-and-sibling:once' });
  });
});
