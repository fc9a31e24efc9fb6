import Stripe from 'stripe';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { queueDepth } from '@hub/core/queue';
import { connectors } from './support/repo-connectors.js';
import { startDownstream, type Downstream } from './support/downstream.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_e2e_path';
const stripe = new Stripe('sk_test_unused');
let hub: TestHub;
let downstream: Downstream;

function signed(body: object) {
  const payload = JSON.stringify(body);
  return { payload, headers: { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) } };
}

function paymentSucceeded(id: string, overrides: Record<string, unknown> = {}) {
  const fixture = structuredClone(connectors.stripe.fixtures['payment_intent.succeeded']) as { id: string; data: { object: Record<string, unknown> } };
  fixture.id = id;
  Object.assign(fixture.data.object, overrides);
  return fixture;
}

async function post(body: object): Promise<{ status: number; eventId: string }> {
  const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signed(body) });
  return { status: res.statusCode, eventId: res.json().eventId };
}

async function view(eventId: string) {
  const res = await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` });
  return res.json() as { status: string; timeline: { type: string; data: Record<string, unknown> }[] };
}

const settled = (eventId: string, status: string) => waitFor(`event ${eventId} to be ${status}`, async () => ((await view(eventId)).status === status ? view(eventId) : undefined));

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({
    label: 'path',
    secrets: { stripe: SECRET },
    routes: [
      {
        name: 'payments-to-ledger',
        on: { connector: 'stripe', event: 'payment_intent.succeeded' },
        action: { connector: 'http', name: 'post' },
        input: `{ "url": "${downstream.url}/ledger", "body": { "payment": data.object.id, "amount": data.object.amount, "currency": data.object.currency, "hubEventId": $eventId } }`,
      },
      {
        name: 'failures-to-metadata',
        on: { connector: 'stripe', event: 'payment_intent.payment_failed' },
        action: { connector: 'http', name: 'post' },
        input: `{ "url": "http://169.254.169.254/latest/meta-data/", "body": { "payment": data.object.id } }`,
      },
    ],
    env: { HUB_RETRY_MAX_ATTEMPTS: '3' },
  });
});
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});
beforeEach(() => {
  downstream.respondWith = () => ({ status: 200 });
});

describe('the path of one webhook', () => {
  it('delivers a signed Stripe webhook to the downstream exactly once with the mapped body, and shows its timeline', async () => {
    const body = paymentSucceeded('evt_e2e_1');
    const { status, eventId } = await post(body);
    expect(status).toBe(202);
    const done = await settled(eventId, 'processed');
    const sent = downstream.sideEffects.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId);
    expect(sent).toHaveLength(1);
    expect(sent[0]?.path).toBe('/ledger');
    expect(sent[0]?.body).toEqual({ payment: body.data.object.id, amount: body.data.object.amount, currency: body.data.object.currency, hubEventId: eventId });
    expect(sent[0]?.headers['idempotency-key']).toBe(`${eventId}:payments-to-ledger`);
    expect(done.timeline.map((e) => e.type)).toEqual(['webhook.received', 'webhook.processing', 'webhook.normalized', 'action.requested', 'action.succeeded', 'webhook.processed']);
    const requested = done.timeline[3]?.data as { request: { url: string; body: unknown } };
    expect(requested.request.url).toBe(`${downstream.url}/ledger`);
    const succeeded = done.timeline[4]?.data as { response: { status: number } };
    expect(succeeded.response.status).toBe(200);
  });

  it('a redelivered message of a processed event changes nothing and calls nothing', async () => {
    const { eventId } = await post(paymentSucceeded('evt_e2e_redelivered'));
    await settled(eventId, 'processed');
    const queue = await hub.resources.queues.get('stripe');
    // The worker deletes a message only once every event it recorded is durable: from then on the timeline is complete.
    const drained = async () => {
      const depth = await queueDepth(hub.resources.sqs, queue.url);
      return depth.visible + depth.inFlight === 0;
    };
    await waitFor('the first delivery to be deleted', drained);
    const before = await view(eventId);
    await hub.resources.sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify({ eventId }) }));
    await waitFor('the duplicate message to be consumed', drained);
    const after = await view(eventId);
    expect(after.timeline).toHaveLength(before.timeline.length);
    expect(downstream.requests.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId)).toHaveLength(1);
  });

  it('quarantines a payload that fails its schema and never forwards it', async () => {
    const { eventId } = await post(paymentSucceeded('evt_e2e_bad', { amount: 'ten dollars' }));
    const done = await settled(eventId, 'quarantined');
    const quarantined = done.timeline.find((e) => e.type === 'webhook.quarantined')?.data as { code: string; issues: { path: string[] }[] };
    expect(quarantined.code).toBe('HUB_PAYLOAD_INVALID');
    expect(quarantined.issues.some((i) => i.path.includes('amount'))).toBe(true);
    expect(downstream.requests.some((r) => (r.body as { hubEventId?: string }).hubEventId === eventId)).toBe(false);
  });

  it('retries a 503 from the downstream with backoff and succeeds once it recovers', async () => {
    let calls = 0;
    downstream.respondWith = () => (++calls <= 2 ? { status: 503 } : { status: 200 });
    const { eventId } = await post(paymentSucceeded('evt_e2e_retry'));
    const done = await settled(eventId, 'processed');
    const types = done.timeline.map((e) => e.type);
    expect(types.filter((t) => t === 'webhook.failed')).toHaveLength(2);
    expect(types.filter((t) => t === 'webhook.processing')).toHaveLength(3);
    expect(downstream.sideEffects.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId)).toHaveLength(1);
  });

  it('dead-letters a permanent 4xx at once, with the request and response, in the store only: the message is deleted, not copied to the SQS DLQ', async () => {
    downstream.respondWith = () => ({ status: 422 });
    const { eventId } = await post(paymentSucceeded('evt_e2e_422'));
    const done = await settled(eventId, 'dead_lettered');
    const dead = done.timeline.find((e) => e.type === 'webhook.dead_lettered')?.data as { class: string; lastResponse: { status: number }; lastRequest: { url: string } };
    expect(dead.class).toBe('permanent');
    expect(dead.lastResponse.status).toBe(422);
    expect(dead.lastRequest.url).toBe(`${downstream.url}/ledger`);
    expect(done.timeline.filter((e) => e.type === 'webhook.processing')).toHaveLength(1);
    const dlq = await hub.console.inject({ method: 'GET', url: '/api/connectors/stripe/dlq' });
    expect(dlq.json().deadLetters).toContainEqual(expect.objectContaining({ eventId, errorClass: 'permanent' }));
    // The store is the one dead-letter list: SQS's DLQ holds only what SQS redrove itself (drained by the worker).
    const queue = await hub.resources.queues.get('stripe');
    await waitFor('the main queue to let the message go', async () => {
      const depth = await queueDepth(hub.resources.sqs, queue.url);
      return depth.visible + depth.inFlight + depth.delayed === 0;
    });
    const out = await hub.resources.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }));
    expect(out.Messages ?? []).toEqual([]);
  });

  it('dead-letters an action whose URL points at an internal address, without connecting to it', async () => {
    const fixture = structuredClone(connectors.stripe.fixtures['payment_intent.payment_failed']) as { id: string };
    fixture.id = 'evt_e2e_ssrf';
    const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signed(fixture) });
    const done = await settled(res.json().eventId as string, 'dead_lettered');
    const dead = done.timeline.find((e) => e.type === 'webhook.dead_lettered')?.data as { class: string; code: string };
    expect(dead).toMatchObject({ class: 'permanent', code: 'HUB_OUTBOUND_ADDRESS_BLOCKED' });
  });

  it('raises one grouped alert per connector and kind for permanent failures and quarantined payloads', async () => {
    const { rows } = await hub.db.admin.query(`SELECT data->>'kind' AS kind, count(*)::int AS n FROM events WHERE type = 'alert.raised' AND connector = 'stripe' GROUP BY 1 ORDER BY 1`);
    // Two permanent failures (422, the blocked internal URL) and one bad payload so far: grouped into one alert each.
    // The bad payload's shape differs from the first one's, so it is also a schema drift (one alert per event type).
    expect(rows).toEqual([
      { kind: 'data_format', n: 1 },
      { kind: 'permanent_failure', n: 1 },
      { kind: 'schema_drift:payment_intent.succeeded', n: 1 },
    ]);
  });

  it('lists every connector with its counts and queue depth', async () => {
    const res = await hub.console.inject({ method: 'GET', url: '/api/connectors' });
    const stripeRow = (res.json() as { connectors: { id: string; counts: Record<string, number>; queue: { visible: number } | null }[] }).connectors.find((c) => c.id === 'stripe');
    expect(stripeRow?.counts.received).toBeGreaterThanOrEqual(4);
    expect(stripeRow?.counts.processed).toBeGreaterThanOrEqual(2);
    expect(stripeRow?.counts.quarantined).toBeGreaterThanOrEqual(1);
    expect(stripeRow?.queue).not.toBeNull();
  });

  it('reports per-connector health: the failures of this run, a success rate below 1, the last success', async () => {
    const res = await hub.console.inject({ method: 'GET', url: '/api/health?connector=stripe' });
    const [stripe] = res.json().connectors as {
      windows: { '5m': { processed: number; deadLettered: number; quarantined: number; successRate: number; calls: number; failed: { transient: number; dataFormat: number }; latencyMs: { p95: number | null } } };
      lastSuccessAt: string;
      sinceLastSuccessMs: number;
      queue: { depth: number | null; inFlight: number | null; dlq: number | null; pending: number };
      circuit: string;
    }[];
    const recent = stripe?.windows['5m'];
    expect(recent?.processed).toBeGreaterThanOrEqual(3);
    expect(recent?.deadLettered).toBeGreaterThanOrEqual(2);
    expect(recent?.quarantined).toBeGreaterThanOrEqual(1);
    expect(recent?.failed.transient).toBeGreaterThanOrEqual(2);
    expect(recent?.successRate).toBeGreaterThan(0);
    expect(recent?.successRate).toBeLessThan(1);
    expect(Date.parse(stripe?.lastSuccessAt ?? '')).toBeGreaterThan(Date.now() - 5 * 60_000);
    expect(recent?.failed.dataFormat).toBeGreaterThanOrEqual(1);
    expect(recent?.calls).toBeGreaterThanOrEqual(3);
    expect(recent?.latencyMs.p95).toBeGreaterThanOrEqual(0);
    expect(stripe?.sinceLastSuccessMs).toBeLessThan(5 * 60_000);
    // Depth read from SQS; the dead letters counted in the store (the 422 and the blocked URL).
    expect(stripe?.queue.depth).toEqual(expect.any(Number));
    expect(stripe?.queue.dlq).toBeGreaterThanOrEqual(2);
    expect(stripe?.circuit).toBe('closed');
    expect((await hub.console.inject({ method: 'GET', url: '/api/health?connector=paypal' })).statusCode).toBe(404);
  });

  it('answers 404 for an unknown event id and 400 for a malformed one', async () => {
    expect((await hub.console.inject({ method: 'GET', url: '/api/events/0190a0a0-0000-7000-8000-000000000000' })).statusCode).toBe(404);
    const bad = await hub.console.inject({ method: 'GET', url: '/api/events/nope' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HUB_BAD_REQUEST');
  });
});
