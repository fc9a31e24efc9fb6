import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { replayEvents } from '@hub/core/replay';
import { validateWorkflow, WorkflowStore } from '@hub/core/workflows';
import { startFakeSlack, type FakeSlack } from '@hub/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream, type DownstreamRequest } from '../support/downstream.js';
import { connectors as repoConnectors } from '../support/repo-connectors.js';
import { signedStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';
import { postShopifyOrder } from '../support/shopify-orders.js';

const STRIPE_SECRET = 'whsec_workflow_graphs';
const SHOPIFY_SECRET = 'shopify-workflow-graphs';
const BOT_TOKEN = 'xoxb-workflow-graphs';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const slackConnector = await loadConnectorDeclaration(fileURLToPath(new URL('../../connectors/slack/connector.yaml', import.meta.url)));
const catalog = { ...repoConnectors, slack: slackConnector };

let hub: TestHub;
let downstream: Downstream;
let slack: FakeSlack;
let workflows: WorkflowStore;
/** Provider event ids whose /archive call fails once with a 503 (transient). */
const failArchiveOnce = new Set<string>();

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = (req) => {
    const body = req.body as { id?: string; event?: string };
    if (req.path === '/archive' && body.id && failArchiveOnce.delete(body.id)) return { status: 503 };
    // A refusal for good (the CRM says the record is invalid), and one the workflow goes on after.
    if (req.path === '/crm' || req.path === '/audit') return { status: 422 };
    // Down for good: every attempt of the event meets a 503.
    if (req.path === '/down') return { status: 503 };
    return { status: 201 };
  };
  slack = await startFakeSlack({ token: BOT_TOKEN, channels: { sales: 'C0SALES', ops: 'C0OPS' } });
  hub = await startTestHub({
    label: 'wfgraphs',
    secrets: { stripe: STRIPE_SECRET, shopify: SHOPIFY_SECRET },
    workerConnectors: ['stripe', 'shopify'],
    // Three attempts: a transient failure takes a failure branch on the third.
    env: { HUB_MASTER_KEYS: MASTER_KEYS, SLACK_BASE_URL: slack.url, HUB_RETRY_MAX_ATTEMPTS: '3' },
    extraConnectors: { slack: slackConnector },
    connectorOverrides: { slack: { rateLimit: { points: 100, durationMs: 1_000 } } },
  });
  await new CredentialStore(hub.resources.pool, new EnvMasterKeys(MASTER_KEYS)).put('slack', '', { token: BOT_TOKEN });
  workflows = new WorkflowStore(hub.resources.pool, hub.resources.store);
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
  await slack?.close();
});

type Row = { type: string; data: Record<string, unknown> };
async function stream(eventId: string): Promise<Row[]> {
  const { rows } = await hub.db.admin.query<Row>('SELECT type, data FROM events WHERE stream = $1 ORDER BY id', [eventId]);
  return rows;
}
const status = async (eventId: string) => (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json().status as string;
async function processed(eventId: string, times = 1): Promise<Row[]> {
  await waitFor(`${eventId} processed`, async () => (await stream(eventId)).filter((e) => e.type === 'webhook.processed').length === times);
  expect(await status(eventId)).toBe('processed');
  return stream(eventId);
}

async function stripeEvent(type: string, id: string): Promise<string> {
  const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(id, STRIPE_SECRET, {}, type) });
  return (res.json() as { eventId: string }).eventId;
}

const shopifyOrder = (orderId: number, totalPrice: string) => postShopifyOrder(hub, SHOPIFY_SECRET, orderId, totalPrice);

const requests = (path: string, field: string, value: unknown) => downstream.requests.filter((r) => r.path === path && (r.body as Record<string, unknown>)[field] === value);
const messages = (text: string) => [...slack.messages.values()].filter((m) => m.text?.includes(text));
const nodeRuns = (events: Row[]) => events.filter((e) => e.type === 'workflow.node_ran').map((e) => e.data);
const completed = (events: Row[]) => events.filter((e) => e.type === 'workflow.completed').at(-1)?.data;

describe('workflow graphs in the worker', () => {
  it('the brief: a high-value Shopify order goes to Salesforce AND Slack, a standard one to Salesforce only', async () => {
    await workflows.saveVersion(
      validateWorkflow(
        {
          name: 'high-value-orders',
          trigger: { connector: 'shopify', event: 'orders/create' },
          nodes: [
            { id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: 1000 } },
            // Salesforce is stood in for by the provider simulator behind the http connector (see the report / docs).
            { id: 'salesforce', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/salesforce"`, body: '{ "order": id, "email": email, "total": total_price }' } },
            { id: 'slack', type: 'notify', channel: 'sales', text: 'High-value order {{ id }}: {{ total_price }} {{ currency }}' },
          ],
          edges: [
            { from: 'trigger', to: 'big' },
            { from: 'big', to: 'salesforce', branch: 'true' },
            { from: 'big', to: 'slack', branch: 'true' },
            { from: 'big', to: 'salesforce', branch: 'false' },
          ],
        },
        catalog,
      ),
      { actor: 'test:graphs' },
    );
    const high = await shopifyOrder(910001, '1500.00');
    const standard = await shopifyOrder(910002, '403.00');
    const [highEvents, standardEvents] = [await processed(high), await processed(standard)];

    expect(requests('/salesforce', 'order', 910001)).toHaveLength(1);
    expect(messages('910001').map((m) => [m.channel, m.text])).toEqual([['C0SALES', 'High-value order 910001: 1500.00 USD']]);
    expect(requests('/salesforce', 'order', 910002)).toHaveLength(1);
    expect(messages('910002')).toEqual([]);

    expect(requests('/salesforce', 'order', 910001)[0]?.headers['idempotency-key']).toBe(`${high}:workflow:high-value-orders:v1:salesforce`);
    expect(nodeRuns(highEvents).map((d) => [d.node, d.outcome, d.version])).toEqual(
      expect.arrayContaining([
        ['big', 'passed', 1],
        ['salesforce', 'succeeded', 1],
        ['slack', 'succeeded', 1],
      ]),
    );
    expect(nodeRuns(highEvents).find((d) => d.node === 'salesforce')?.input).toEqual({ url: `${downstream.url}/salesforce`, body: { order: 910001, email: 'bob.norman@mail.example.com', total: '1500.00' } });
    expect(nodeRuns(standardEvents).map((d) => [d.node, d.outcome, d.branch])).toEqual([
      ['big', 'not_passed', 'false'],
      ['salesforce', 'succeeded', undefined],
    ]);
    expect(completed(standardEvents)?.steps).toEqual([
      { id: 'big', type: 'condition', outcome: 'not_passed' },
      { id: 'salesforce', type: 'action', outcome: 'succeeded' },
    ]);
  });

  it('fans out to two calls in parallel and joins them: the join runs once, after both, reading both answers', async () => {
    await workflows.saveVersion(
      validateWorkflow(
        {
          name: 'fan-out-join',
          trigger: { connector: 'stripe', event: 'charge.refunded' },
          nodes: [
            { id: 'a', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/fan-a"`, body: '{ "event": id }' } },
            { id: 'b', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/fan-b"`, body: '{ "event": id }' } },
            { id: 'join', type: 'notify', channel: 'ops', text: 'joined {{ id }}: a={{ $steps.a.id }} b={{ $steps.b.id }}' },
          ],
          edges: [
            { from: 'trigger', to: 'a' },
            { from: 'trigger', to: 'b' },
            { from: 'a', to: 'join' },
            { from: 'b', to: 'join' },
          ],
        },
        catalog,
      ),
      { actor: 'test:graphs' },
    );
    const eventId = await stripeEvent('charge.refunded', 'evt_graph_fan');
    const events = await processed(eventId);
    const [a, b] = [requests('/fan-a', 'event', 'evt_graph_fan'), requests('/fan-b', 'event', 'evt_graph_fan')];
    expect([a.length, b.length]).toEqual([1, 1]);
    const idOf = (r: DownstreamRequest | undefined) => `obj_${downstream.requests.indexOf(r as DownstreamRequest)}`;
    expect(messages('joined evt_graph_fan').map((m) => m.text)).toEqual([`joined evt_graph_fan: a=${idOf(a[0])} b=${idOf(b[0])}`]);
    const order = nodeRuns(events).map((d) => d.node);
    expect(order.slice(0, 2).sort()).toEqual(['a', 'b']);
    expect(order[2]).toBe('join');
  });

  it('a switch picks a branch; a call refused for good runs its failure branch, and continueOnFailure goes on; the event is processed', async () => {
    await workflows.saveVersion(
      validateWorkflow(
        {
          name: 'failure-branches',
          trigger: { connector: 'stripe', event: 'payment_intent.payment_failed' },
          nodes: [
            { id: 'currency', type: 'switch', value: 'data.object.currency', cases: [{ branch: 'usd', equals: 'usd' }, { branch: 'eur', equals: 'eur' }] },
            { id: 'crm', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/crm"`, body: '{ "event": id }' } },
            { id: 'alert', type: 'notify', channel: 'ops', text: 'crm failed for {{ id }}: {{ $steps.crm.code }}' },
            { id: 'audit', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/audit"`, body: '{ "event": id }' }, continueOnFailure: true },
            { id: 'after', type: 'notify', channel: 'ops', text: 'after audit {{ id }}' },
            { id: 'usd-only', type: 'notify', channel: 'ops', text: 'usd {{ id }}' },
          ],
          edges: [
            { from: 'trigger', to: 'currency' },
            { from: 'currency', to: 'crm', branch: 'eur' },
            { from: 'crm', to: 'alert', branch: 'failure' },
            { from: 'currency', to: 'audit', branch: 'eur' },
            { from: 'audit', to: 'after' },
            { from: 'currency', to: 'usd-only', branch: 'usd' },
          ],
        },
        catalog,
      ),
      { actor: 'test:graphs' },
    );
    const eventId = await stripeEvent('payment_intent.payment_failed', 'evt_graph_fail');
    const events = await processed(eventId);
    expect(requests('/crm', 'event', 'evt_graph_fail')).toHaveLength(1);
    expect(requests('/audit', 'event', 'evt_graph_fail')).toHaveLength(1);
    expect(messages('crm failed for evt_graph_fail').map((m) => m.text)).toEqual([expect.stringMatching(/^crm failed for evt_graph_fail: HUB_/)]);
    expect(messages('after audit evt_graph_fail')).toHaveLength(1);
    expect(messages('usd evt_graph_fail')).toEqual([]);
    const steps = completed(events)?.steps as { id: string; outcome: string; branch?: string }[];
    expect(Object.fromEntries(steps.map((s) => [s.id, s.branch ?? s.outcome]))).toEqual({
      currency: 'eur',
      crm: 'failed_handled',
      alert: 'succeeded',
      audit: 'failed_continued',
      after: 'succeeded',
    });
    expect(events.map((e) => e.type)).not.toContain('webhook.dead_lettered');
  });

  it('a transient failure retries the event; on its last attempt the failure branch takes it and the event is processed', async () => {
    await workflows.saveVersion(
      validateWorkflow(
        {
          name: 'down-for-good',
          trigger: { connector: 'stripe', event: 'customer.created' },
          nodes: [
            { id: 'push', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/down"`, body: '{ "event": id }' } },
            { id: 'alert', type: 'notify', channel: 'ops', text: 'gave up on {{ id }} after {{ $steps.push.class }} {{ $steps.push.code }}' },
          ],
          edges: [
            { from: 'trigger', to: 'push' },
            { from: 'push', to: 'alert', branch: 'failure' },
          ],
        },
        catalog,
      ),
      { actor: 'test:graphs' },
    );
    const eventId = await stripeEvent('customer.created', 'evt_graph_down');
    const events = await processed(eventId);
    expect(requests('/down', 'event', 'evt_graph_down')).toHaveLength(3);
    expect(events.filter((e) => e.type === 'webhook.failed').map((e) => [e.data.class, e.data.attempt])).toEqual([
      ['transient', 1],
      ['transient', 2],
    ]);
    expect(messages('gave up on evt_graph_down').map((m) => m.text)).toEqual([expect.stringMatching(/^gave up on evt_graph_down after transient HUB_/)]);
    expect(completed(events)?.steps).toEqual([
      { id: 'push', type: 'action', outcome: 'failed_handled' },
      { id: 'alert', type: 'notify', outcome: 'succeeded' },
    ]);
  });

  it('keys each call per event, workflow, version and node: a retry and a replay repeat nothing; a stored linear version still runs, with its keys of before', async () => {
    const linear = validateWorkflow(
      {
        name: 'ledger-flow',
        trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
        steps: [
          { id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/ledger"`, body: '{ "event": id }' } },
          { id: 'archive', type: 'forward', url: `${downstream.url}/archive` },
        ],
      },
      catalog,
    );
    await workflows.saveVersion(linear, { actor: 'test:graphs' });
    failArchiveOnce.add('evt_graph_linear');
    const onLinear = await stripeEvent('payment_intent.succeeded', 'evt_graph_linear');
    const linearEvents = await processed(onLinear);
    expect([requests('/ledger', 'event', 'evt_graph_linear').length, requests('/archive', 'id', 'evt_graph_linear').length]).toEqual([1, 2]);
    expect(requests('/ledger', 'event', 'evt_graph_linear')[0]?.headers['idempotency-key']).toBe(`${onLinear}:workflow:ledger-flow:ledger`);
    expect(completed(linearEvents)?.steps).toEqual([
      { id: 'ledger', type: 'action', outcome: 'skipped' },
      { id: 'archive', type: 'forward', outcome: 'succeeded' },
    ]);

    await workflows.saveVersion(
      validateWorkflow(
        {
          name: 'ledger-flow',
          trigger: { connector: 'stripe', event: 'payment_intent.succeeded' },
          nodes: [
            { id: 'ledger', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/ledger"`, body: '{ "event": id }' } },
            { id: 'archive', type: 'forward', url: `${downstream.url}/archive` },
          ],
          edges: [
            { from: 'trigger', to: 'ledger' },
            { from: 'trigger', to: 'archive' },
          ],
        },
        catalog,
      ),
      { actor: 'test:graphs' },
    );
    failArchiveOnce.add('evt_graph_v2');
    const onGraph = await stripeEvent('payment_intent.succeeded', 'evt_graph_v2');
    await processed(onGraph);
    // The retry after the archive's 503 did not repeat the ledger call (its key had succeeded).
    expect([requests('/ledger', 'event', 'evt_graph_v2').length, requests('/archive', 'id', 'evt_graph_v2').length]).toEqual([1, 2]);
    expect(requests('/ledger', 'event', 'evt_graph_v2')[0]?.headers['idempotency-key']).toBe(`${onGraph}:workflow:ledger-flow:v2:ledger`);

    // A replay through the same version: every call is skipped.
    await replayEvents(hub.resources.pool, { selection: { kind: 'ids', eventIds: [onGraph] }, actor: 'test:graphs', reason: 'graph replay' }, () => hub.relay.wake());
    const replayed = await processed(onGraph, 2);
    expect(completed(replayed)?.steps).toEqual(
      expect.arrayContaining([
        { id: 'ledger', type: 'action', outcome: 'skipped' },
        { id: 'archive', type: 'forward', outcome: 'skipped' },
      ]),
    );
    expect([requests('/ledger', 'event', 'evt_graph_v2').length, requests('/archive', 'id', 'evt_graph_v2').length]).toEqual([1, 2]);

    // Back to the linear version 1: it runs as it did, and its own keys were never used on this event.
    await workflows.rollback('ledger-flow', 'test:graphs');
    await replayEvents(hub.resources.pool, { selection: { kind: 'ids', eventIds: [onGraph] }, actor: 'test:graphs', reason: 'linear replay' }, () => hub.relay.wake());
    const back = await processed(onGraph, 3);
    expect(back.filter((e) => e.type === 'workflow.started').map((e) => e.data.version)).toEqual([2, 2, 1]);
    expect(requests('/ledger', 'event', 'evt_graph_v2').map((r) => r.headers['idempotency-key'])).toEqual([`${onGraph}:workflow:ledger-flow:v2:ledger`, `${onGraph}:workflow:ledger-flow:ledger`]);
  });
});
