import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customerCreatedBasil, paymentIntentSucceededBasil } from '../connectors/stripe/src/fixtures/basil.js';
import { startDownstream, type Downstream } from './support/downstream.js';
import { connectors } from './support/repo-connectors.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_e2e_canonical';
const stripe = new Stripe('sk_test_unused');
let hub: TestHub;
let downstream: Downstream;

type Json = Record<string, unknown>;
type Timeline = { status: string; timeline: { type: string; data: Json }[] };

async function post(body: object): Promise<string> {
  const payload = JSON.stringify(body);
  const headers = { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret: SECRET }) };
  const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', payload, headers });
  expect(res.statusCode).toBe(202);
  return (res.json() as { eventId: string }).eventId;
}

async function settled(eventId: string, status: string): Promise<Timeline> {
  return waitFor(`event ${eventId} to be ${status}`, async () => {
    const view = (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json() as Timeline;
    return view.status === status ? view : undefined;
  });
}

/** A customer.created fixture with a fresh event id, changed by `edit`. */
function customer(id: string, edit: (object: Json) => void = () => undefined): Json {
  const body = structuredClone(connectors.stripe.fixtures['customer.created']) as Json & { data: { object: Json } };
  body.id = id;
  edit(body.data.object);
  return body;
}

async function customerDrifts(): Promise<{ stream: string; data: Json }[]> {
  const { rows } = await hub.db.admin.query(`SELECT stream, data FROM events WHERE connector = 'stripe' AND type = 'schema.drift' AND data->>'eventType' = 'customer.created' ORDER BY id`);
  return rows as { stream: string; data: Json }[];
}

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({
    label: 'canonical',
    secrets: { stripe: SECRET },
    routes: [
      {
        name: 'payments-to-ledger',
        on: { connector: 'stripe', event: 'payment_intent.succeeded' },
        action: { connector: 'http', name: 'post' },
        // The mapping depends on the canonical Payment, not on Stripe's field names.
        input: `{ "url": "${downstream.url}/ledger", "body": { "payment": $canonical.source.id, "amount": $canonical.amount, "invoice": $canonical.invoiceId, "hubEventId": $eventId } }`,
      },
    ],
  });
});
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});

describe('canonical models', () => {
  it('records the canonical Payment of a 2024-06-20 payload and hands it to the route as $canonical', async () => {
    const eventId = await post({ ...connectors.stripe.fixtures['payment_intent.succeeded'], id: 'evt_canonical_2024' });
    const done = await settled(eventId, 'processed');
    const normalized = done.timeline.find((e) => e.type === 'webhook.normalized');
    expect(normalized?.data).toMatchObject({ model: 'Payment', version: '2024-06-20', value: { amount: { amount: 2000, currency: 'USD' }, invoiceId: null } });
    const sent = downstream.sideEffects.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId);
    expect(sent.map((r) => r.body)).toEqual([{ payment: 'pi_3PqR1sLkdIwHu7ix0GmB7rTq', amount: { amount: 2000, currency: 'USD' }, invoice: null, hubEventId: eventId }]);
  });

  it('maps a 2025-03-31.basil payload with the basil version', async () => {
    const eventId = await post({ ...paymentIntentSucceededBasil, id: 'evt_canonical_basil' });
    const done = await settled(eventId, 'processed');
    expect(done.timeline.find((e) => e.type === 'webhook.normalized')?.data).toMatchObject({ model: 'Payment', version: '2025-03-31.basil' });
  });

  it('quarantines a payload naming an API version the adapter does not know, and calls nothing', async () => {
    const eventId = await post({ ...connectors.stripe.fixtures['payment_intent.succeeded'], id: 'evt_canonical_future', api_version: '2099-01-01.zeta' });
    const done = await settled(eventId, 'quarantined');
    const quarantined = done.timeline.find((e) => e.type === 'webhook.quarantined');
    expect(quarantined?.data).toMatchObject({ code: 'HUB_PAYLOAD_VERSION_UNKNOWN', class: 'data_format', model: 'Payment' });
    expect(String(quarantined?.data.reason)).toContain('2099-01-01.zeta');
    expect(String(quarantined?.data.reason)).toContain('2024-06-20');
    expect(done.timeline.map((e) => e.type)).not.toContain('webhook.normalized');
    expect(downstream.requests.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId)).toHaveLength(0);
  });
});

describe('schema drift', () => {
  it('takes the first payload as the baseline, reports a renamed field once, and a retyped field', async () => {
    const baseline = await settled(await post(customer('evt_drift_base')), 'processed');
    expect(baseline.timeline.map((e) => e.type)).not.toContain('schema.drift');
    expect(await customerDrifts()).toHaveLength(0);

    // A field the schema does not declare: the payload still parses, the drift is still seen.
    const rename = (o: Json) => {
      o.next_invoice_number = o.next_invoice_sequence;
      delete o.next_invoice_sequence;
    };
    const renamedId = await post(customer('evt_drift_renamed', rename));
    const renamed = await settled(renamedId, 'processed');
    expect(renamed.timeline.find((e) => e.type === 'schema.drift')?.data).toEqual({
      eventType: 'customer.created',
      added: [{ path: 'data.object.next_invoice_number', type: 'number' }],
      removed: [{ path: 'data.object.next_invoice_sequence', type: 'number' }],
      retyped: [],
    });

    const againId = await post(customer('evt_drift_renamed_again', rename));
    const again = await settled(againId, 'processed');
    expect(again.timeline.map((e) => e.type)).not.toContain('schema.drift');
    expect(await customerDrifts()).toHaveLength(1);

    const retypedId = await post(customer('evt_drift_retyped', (o) => (o.next_invoice_sequence = '1')));
    const retyped = await settled(retypedId, 'processed');
    expect(retyped.timeline.find((e) => e.type === 'schema.drift')?.data).toEqual({
      eventType: 'customer.created',
      added: [],
      removed: [],
      retyped: [{ path: 'data.object.next_invoice_sequence', from: 'number', to: 'string' }],
    });
    expect((await customerDrifts()).map((d) => d.stream)).toEqual([renamedId, retypedId]);

    const api = (await hub.console.inject({ method: 'GET', url: '/api/connectors/stripe/drift' })).json() as {
      observed: { eventType: string; distinctShapes: number }[];
      drift: { eventId: string; eventType: string }[];
    };
    expect(api.observed.find((o) => o.eventType === 'customer.created')?.distinctShapes).toBe(3);
    expect(api.drift.filter((d) => d.eventType === 'customer.created').map((d) => d.eventId)).toEqual([retypedId, renamedId]);
    expect((await hub.console.inject({ method: 'GET', url: '/api/connectors/nope/drift' })).statusCode).toBe(404);
  });

  it('a basil customer.created maps too (the Customer fields did not change)', async () => {
    const done = await settled(await post({ ...customerCreatedBasil, id: 'evt_drift_basil_customer' }), 'processed');
    expect(done.timeline.find((e) => e.type === 'webhook.normalized')?.data).toMatchObject({ model: 'Customer', version: '2025-03-31.basil', value: { name: 'Jenny Rosen' } });
  });
});
