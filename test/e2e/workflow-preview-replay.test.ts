import { randomUUID } from 'node:crypto';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { queueDepth } from '@hub/core/queue';
import { validateWorkflow, WorkflowStore, type SampleListItem, type VersionReplayDryRunEvent } from '@hub/core/workflows';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { connectors } from '../support/repo-connectors.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';
import { postShopifyOrder } from '../support/shopify-orders.js';

const SHOPIFY_SECRET = 'shopify-preview-replay';
const OPERATOR = 'ops.lena@example.com';

let hub: TestHub;
let downstream: Downstream;
let operatorToken: string;
let viewerToken: string;
let workflows: WorkflowStore;

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({
    label: 'wf-preview-replay',
    secrets: { shopify: SHOPIFY_SECRET },
    workerConnectors: ['shopify'],
    consoleToken: 'wf-preview-replay-bootstrap',
    // A route on the same trigger: a replay against a workflow version must not run it again.
    routes: [{ name: 'order-route', on: { connector: 'shopify', event: 'orders/create' }, action: { connector: 'http', name: 'post' }, input: `{ "url": "${downstream.url}/route", "body": { "order": id } }` }],
  });
  const tokens = new ApiTokenStore(hub.resources.pool);
  operatorToken = (await tokens.create({ name: OPERATOR, role: 'operator', actor: 'test' })).token;
  viewerToken = (await tokens.create({ name: 'viewer.vic', role: 'viewer', actor: 'test' })).token;
  workflows = new WorkflowStore(hub.resources.pool, hub.resources.store);
}, 60_000);
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
});

async function api<T = Record<string, unknown>>(method: 'GET' | 'POST', url: string, payload?: unknown, token = operatorToken): Promise<{ status: number; body: T }> {
  const res = await hub.console.inject({ method, url, headers: { authorization: `Bearer ${token}` }, ...(payload === undefined ? {} : { payload: payload as object }) });
  return { status: res.statusCode, body: res.json<T>() };
}

const shopifyOrder = (orderId: number, totalPrice: string) => postShopifyOrder(hub, SHOPIFY_SECRET, orderId, totalPrice);

type Row = { type: string; data: Record<string, unknown>; actor: string | null };
async function stream(eventId: string): Promise<Row[]> {
  const { rows } = await hub.db.admin.query<Row>('SELECT type, data, actor FROM events WHERE stream = $1 ORDER BY id', [eventId]);
  return rows;
}
/** Every delivery of the event (the first and each replay) has its webhook.processed, and its queue holds nothing more. */
async function settled(eventIds: readonly string[]): Promise<void> {
  await waitFor(`${eventIds.length} events settled`, async () => {
    for (const id of eventIds) {
      const types = (await stream(id)).map((e) => e.type);
      if (types.filter((t) => t === 'webhook.processed').length !== types.filter((t) => t === 'webhook.replayed').length + 1) return false;
    }
    const depth = await queueDepth(hub.resources.sqs, (await hub.resources.queues.get('shopify')).url);
    return depth.visible + depth.inFlight + depth.delayed === 0;
  }, 30_000);
}

/** Calls the provider simulator received at this path for this order, by idempotency key. */
const callsTo = (path: string, order: number) => downstream.requests.filter((r) => r.path === path && (r.body as { order?: unknown }).order === order).map((r) => r.headers['idempotency-key']);

const salesforce = (path: string) => ({ id: 'salesforce', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}${path}"`, body: '{ "order": id, "email": email }' } });
const notify = () => ({ id: 'notify', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/notify"`, body: '{ "order": id, "total": total_price }' } });

/** The brief's shape: high-value orders go to "Salesforce" AND "Slack", standard ones to "Salesforce" only (both stood in for by the provider simulator). */
function highValueOrders(name: string, salesforcePath: string, threshold = 1000) {
  return validateWorkflow(
    {
      name,
      trigger: { connector: 'shopify', event: 'orders/create' },
      nodes: [{ id: 'big', type: 'condition', when: { field: 'total_price', operator: 'greater_than', value: threshold } }, salesforce(salesforcePath), notify()],
      edges: [
        { from: 'trigger', to: 'big' },
        { from: 'big', to: 'salesforce', branch: 'true' },
        { from: 'big', to: 'notify', branch: 'true' },
        { from: 'big', to: 'salesforce', branch: 'false' },
      ],
    },
    connectors,
  );
}

describe('GET /api/workflows/samples and POST /api/workflows/preview', () => {
  let high: string;
  let standard: string;
  beforeAll(async () => {
    high = await shopifyOrder(720001, '1500.00');
    standard = await shopifyOrder(720002, '403.00');
    await settled([high, standard]);
  });

  it('lists the stored webhooks of a trigger newest first, with their status and a short summary; a viewer may read them', async () => {
    const res = await api<{ events: SampleListItem[] }>('GET', '/api/workflows/samples?connector=shopify&event=orders/create&limit=2', undefined, viewerToken);
    expect(res.status).toBe(200);
    expect(res.body.events.map((e) => [e.eventId, e.status])).toEqual([
      [standard, 'processed'],
      [high, 'processed'],
    ]);
    expect(res.body.events[0]?.summary).toBe('id=720002, name=#1001, total_price=403.00, currency=USD');
    expect((await api<{ events: unknown[] }>('GET', '/api/workflows/samples?connector=shopify&event=orders/paid')).body.events).toEqual([]);
    expect((await api('GET', '/api/workflows/samples?connector=shopify')).status).toBe(400);
  });

  it('evaluates an expression on a stored Shopify order with the bindings a run has', async () => {
    const preview = (expression: string, extra: Record<string, unknown> = {}) => api('POST', '/api/workflows/preview', { expression, eventId: high, ...extra }, viewerToken);
    expect(await preview('$number(total_price) > 1000')).toEqual({ status: 200, body: { ok: true, value: true } });
    expect((await preview('{ "order": id, "email": email }')).body).toEqual({ ok: true, value: { order: 720001, email: 'bob.norman@mail.example.com' } });
    // Shopify is not a multi-account connector here: $account is null, as in a run.
    expect((await preview('[$eventId, $eventType, $account]')).body).toEqual({ ok: true, value: [high, 'orders/create', null] });
    // $canonical: the order normalised by the Shopify adapter, as the worker gives it to workflows.
    expect((await preview('[$canonical.source.id, $canonical.total.amount]')).body).toEqual({ ok: true, value: ['720001', 150000] });
    expect((await preview('$steps.lookup.id & "/" & id', { steps: { lookup: { id: 'sf_9' } } })).body).toEqual({ ok: true, value: 'sf_9/720001' });
    // No value is an answer too (JSON leaves it out).
    expect((await preview('no_such_field')).body).toEqual({ ok: true });
  });

  it('answers a syntax error with its position, an evaluation error and a limit with the codes a run records', async () => {
    expect(await api('POST', '/api/workflows/preview', { expression: 'total_price >', eventId: high })).toEqual({
      status: 200,
      body: { ok: false, error: { code: 'HUB_JSONATA_SYNTAX', message: expect.any(String), position: 13 } },
    });
    const thrown = await api<{ ok: boolean; error: { code: string; position?: number } }>('POST', '/api/workflows/preview', { expression: 'total_price + {}', eventId: high });
    expect(thrown.body).toMatchObject({ ok: false, error: { code: 'HUB_WORKFLOW_EVALUATION_FAILED' } });
    const loop = await api('POST', '/api/workflows/preview', { expression: '($f := function($x){ $f($x) }; $f(1))' });
    expect(loop.body).toMatchObject({ ok: false, error: { code: 'HUB_JSONATA_TIMEOUT' } });
    // Without an event: no payload, the syntax and $steps can still be tried.
    expect((await api('POST', '/api/workflows/preview', { expression: '$steps.a * 2', steps: { a: 21 } })).body).toEqual({ ok: true, value: 42 });
  });

  it('refuses an unknown event (404) and a malformed body (400)', async () => {
    expect(await api('POST', '/api/workflows/preview', { expression: 'id', eventId: randomUUID() })).toMatchObject({ status: 404, body: { error: { code: 'HUB_EVENT_NOT_FOUND' } } });
    expect(await api('POST', '/api/workflows/preview', { expression: 'id', eventId: 'not-a-uuid' })).toMatchObject({ status: 400, body: { error: { code: 'HUB_BAD_REQUEST' } } });
  });

  it('keeps "samples" free for the route: no workflow may be saved under that name', async () => {
    const named = { ...highValueOrders('x', '/sf'), name: 'samples' };
    expect(await api('POST', '/api/workflows', named)).toMatchObject({ status: 400, body: { error: { code: 'HUB_WORKFLOW_INVALID' } } });
  });
});

describe('POST /api/workflows/:name/replay', () => {
  let high: string;
  let standard: string;
  let startedAt: Date;
  beforeAll(async () => {
    startedAt = new Date();
    // v1 is active while the orders arrive; v2 (saved, not active) also sends standard orders to /sf-v2 and notifies from 100.
    await workflows.saveVersion(highValueOrders('orders-flow', '/sf-v1'), { actor: 'test' });
    // Another workflow on the same trigger: a replay against orders-flow must leave it alone.
    await workflows.saveVersion(validateWorkflow({ name: 'orders-audit', trigger: { connector: 'shopify', event: 'orders/create' }, steps: [{ id: 'audit', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/audit"`, body: '{ "order": id }' } }] }, connectors), { actor: 'test' });
    high = await shopifyOrder(730001, '1500.00');
    standard = await shopifyOrder(730002, '403.00');
    await settled([high, standard]);
    await workflows.saveVersion(highValueOrders('orders-flow', '/sf-v2', 100), { actor: 'test', activate: false });
  });

  it('a viewer token cannot replay, not even a dry run (403), and the refusal is recorded', async () => {
    for (const dryRun of [true, false]) {
      expect(await api('POST', '/api/workflows/orders-flow/replay', { version: 2, from: '1h', dryRun }, viewerToken)).toMatchObject({ status: 403, body: { error: { code: 'HUB_FORBIDDEN' } } });
    }
    const { rows } = await hub.db.admin.query(`SELECT actor, data FROM events WHERE type = 'api.action_refused' AND data->>'route' = '/api/workflows/:name/replay'`);
    expect(rows.map((r) => r.actor)).toEqual(['api:viewer.vic', 'api:viewer.vic']);
  });

  it('a dry run shows per event the path and the calls the version would make next to the calls made, and whether they differ', async () => {
    const same = await api<{ events: VersionReplayDryRunEvent[] }>('POST', '/api/workflows/orders-flow/replay', { version: 1, from: startedAt.toISOString(), dryRun: true });
    expect(same.status).toBe(200);
    expect(same.body.events.map((e) => [e.eventId, e.diff])).toEqual([
      [high, 'same'],
      [standard, 'same'],
    ]);

    const res = await api<{ events: VersionReplayDryRunEvent[] }>('POST', '/api/workflows/orders-flow/replay', { version: 2, from: '1h', dryRun: true });
    const [onHigh, onStandard] = res.body.events.filter((e) => e.eventId === high || e.eventId === standard);
    // The two calls of the true branch, in the order the walk reaches them.
    expect(onHigh).toMatchObject({ outcome: 'would_run', path: ['big', 'notify', 'salesforce'], diff: 'different' });
    expect(onHigh?.wouldCall.map((c) => [c.node, c.connector, c.action, (c.input as { url: string }).url]).sort()).toEqual([
      ['notify', 'http', 'post', `${downstream.url}/notify`],
      ['salesforce', 'http', 'post', `${downstream.url}/sf-v2`],
    ]);
    // The fan-out sent both in parallel: by node.
    expect(onHigh?.didCall.sort((a, b) => a.node.localeCompare(b.node))).toEqual([
      { label: 'workflow:orders-flow:notify', node: 'notify', version: 1, connector: 'http', action: 'post', input: { url: `${downstream.url}/notify`, body: { order: 730001, total: '1500.00' } }, outcome: 'succeeded' },
      { label: 'workflow:orders-flow:salesforce', node: 'salesforce', version: 1, connector: 'http', action: 'post', input: { url: `${downstream.url}/sf-v1`, body: { order: 730001, email: 'bob.norman@mail.example.com' } }, outcome: 'succeeded' },
    ]);
    // v2 notifies from 100: the standard order would now take the true branch too.
    expect(onStandard).toMatchObject({ path: ['big', 'notify', 'salesforce'], diff: 'different' });
    expect(onStandard?.didCall.map((c) => c.node)).toEqual(['salesforce']);
    // Nothing was called or written by the dry runs.
    expect(callsTo('/sf-v2', 730001)).toEqual([]);
    expect((await stream(high)).map((e) => e.type)).not.toContain('webhook.replayed');
  });

  it('a real replay runs only that workflow at that version: each of its nodes calls the provider once per event, even when asked twice', async () => {
    const body = { version: 2, from: startedAt.toISOString(), dryRun: false, reason: 'try v2 on this morning' };
    const first = await api<{ queued: number; eventIds: string[] }>('POST', '/api/workflows/orders-flow/replay', body);
    expect(first).toMatchObject({ status: 200, body: { queued: 2, eventIds: [high, standard] } });
    // Asked again at once: each event is either still queued (skipped) or queued again and finds its calls done.
    expect((await api('POST', '/api/workflows/orders-flow/replay', body)).status).toBe(200);
    await settled([high, standard]);
    // And once more after all ran.
    expect(await api('POST', '/api/workflows/orders-flow/replay', body)).toMatchObject({ status: 200, body: { queued: 2 } });
    await settled([high, standard]);

    for (const [eventId, order] of [
      [high, 730001],
      [standard, 730002],
    ] as const) {
      expect(callsTo('/sf-v2', order)).toEqual([`${eventId}:workflow:orders-flow:v2:salesforce`]);
      expect(callsTo('/notify', order).filter((k) => k?.includes(':v2:'))).toEqual([`${eventId}:workflow:orders-flow:v2:notify`]);
      // v1's calls, the route and the other workflow ran once, in the first delivery.
      expect(callsTo('/sf-v1', order)).toEqual([`${eventId}:workflow:orders-flow:v1:salesforce`]);
      expect(callsTo('/route', order)).toHaveLength(1);
      expect(callsTo('/audit', order)).toHaveLength(1);
      const events = await stream(eventId);
      const replayed = events.filter((e) => e.type === 'webhook.replayed');
      expect(replayed.length).toBeGreaterThanOrEqual(2);
      expect(replayed.every((e) => (e.data.workflow as { version: number }).version === 2 && e.actor === `api:${OPERATOR}`)).toBe(true);
      // The replayed deliveries ran no route (not even a skipped one): only orders-flow's calls.
      const replayedActions = events.filter((e) => e.type === 'webhook.processed').slice(1).flatMap((e) => (e.data.actions as { route: string }[]).map((a) => a.route));
      expect(replayedActions.length).toBeGreaterThan(0);
      expect(replayedActions.filter((route) => !route.startsWith('workflow:orders-flow:'))).toEqual([]);
      expect(events.filter((e) => e.type === 'workflow.started').map((e) => [e.data.name, e.data.version])).toEqual([
        ['orders-audit', 1],
        ['orders-flow', 1],
        ...replayed.map(() => ['orders-flow', 2]),
      ]);
    }
    const detail = await workflows.get('orders-flow');
    const { rows } = await hub.db.admin.query(`SELECT actor, data FROM events WHERE stream = $1 AND type = 'workflow.replay_requested' ORDER BY id`, [detail?.id]);
    expect(rows[0]).toMatchObject({ actor: `api:${OPERATOR}`, data: { name: 'orders-flow', version: 2, reason: 'try v2 on this morning', queued: 2 } });
    // The active version is still v1: replay does not activate anything.
    expect(detail?.activeVersion).toBe(1);
  });

  it('refuses an unknown version (404), a disabled workflow (409) and a bad window (400)', async () => {
    expect(await api('POST', '/api/workflows/orders-flow/replay', { version: 9, from: '1h', dryRun: true })).toMatchObject({ status: 404, body: { error: { code: 'HUB_WORKFLOW_VERSION_NOT_FOUND' } } });
    expect(await api('POST', '/api/workflows/nobody/replay', { version: 1, from: '1h', dryRun: true })).toMatchObject({ status: 404, body: { error: { code: 'HUB_WORKFLOW_NOT_FOUND' } } });
    expect(await api('POST', '/api/workflows/orders-flow/replay', { version: 1, from: 'yesterday', dryRun: true })).toMatchObject({ status: 400, body: { error: { code: 'HUB_BAD_REQUEST' } } });
    await workflows.disable('orders-audit', 'test');
    expect(await api('POST', '/api/workflows/orders-audit/replay', { version: 1, from: '1h', dryRun: false })).toMatchObject({ status: 409, body: { error: { code: 'HUB_WORKFLOW_OPERATION_INVALID' } } });
    await workflows.enable('orders-audit', 'test');
  });
});

describe('engine: idempotency per node', () => {
  it('a redelivered queue message (the same message twice more while the first runs) calls each node once', async () => {
    await workflows.saveVersion(highValueOrders('redelivery-flow', '/sf-redelivery'), { actor: 'test' });
    const eventId = await shopifyOrder(740001, '2500.00');
    const queue = await hub.resources.queues.get('shopify');
    for (let i = 0; i < 2; i++) await hub.resources.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify({ eventId }) }));
    await settled([eventId]);
    expect(callsTo('/sf-redelivery', 740001)).toEqual([`${eventId}:workflow:redelivery-flow:v1:salesforce`]);
    expect(callsTo('/notify', 740001).filter((k) => k?.includes('redelivery-flow'))).toEqual([`${eventId}:workflow:redelivery-flow:v1:notify`]);
    expect((await stream(eventId)).filter((e) => e.type === 'webhook.processed')).toHaveLength(1);
  });

  it('a replay against the version that ran calls nothing again; one against a stored linear version runs it with its keys of before', async () => {
    await workflows.saveVersion(
      validateWorkflow({ name: 'linear-then-graph', trigger: { connector: 'shopify', event: 'orders/create' }, steps: [{ id: 'push', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/linear"`, body: '{ "order": id }' } }] }, connectors),
      { actor: 'test', activate: false },
    );
    await workflows.saveVersion(
      validateWorkflow(
        { name: 'linear-then-graph', trigger: { connector: 'shopify', event: 'orders/create' }, nodes: [{ id: 'push', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstream.url}/graph"`, body: '{ "order": id }' } }], edges: [{ from: 'trigger', to: 'push' }] },
        connectors,
      ),
      { actor: 'test' },
    );
    const from = new Date(Date.now() - 500).toISOString();
    const eventId = await shopifyOrder(750001, '99.00');
    await settled([eventId]);
    expect(callsTo('/graph', 750001)).toEqual([`${eventId}:workflow:linear-then-graph:v2:push`]);

    expect(await api('POST', '/api/workflows/linear-then-graph/replay', { version: 2, from, dryRun: false })).toMatchObject({ body: { queued: 1 } });
    await settled([eventId]);
    const sameVersion = (await stream(eventId)).filter((e) => e.type === 'workflow.completed').at(-1)?.data;
    expect(sameVersion).toMatchObject({ version: 2, steps: [{ id: 'push', outcome: 'skipped' }] });
    expect(callsTo('/graph', 750001)).toHaveLength(1);

    expect(await api('POST', '/api/workflows/linear-then-graph/replay', { version: 1, from, dryRun: false })).toMatchObject({ body: { queued: 1 } });
    await settled([eventId]);
    expect(callsTo('/linear', 750001)).toEqual([`${eventId}:workflow:linear-then-graph:push`]);
    expect(callsTo('/graph', 750001)).toHaveLength(1);
  });
});
