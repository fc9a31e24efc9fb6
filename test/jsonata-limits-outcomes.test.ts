import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowStore, type WorkflowDefinition } from '@hub/core/workflows';
import { startDownstream, type Downstream } from './support/downstream.js';
import { signedStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_jsonata_outcomes';
let hub: TestHub;
let downstream: Downstream;
let sent = 0;

/** One workflow per Stripe event type, each with an expression that hits a limit in another kind of step. */
function workflows(downstreamUrl: string): WorkflowDefinition[] {
  const trigger = (event: string) => ({ connector: 'stripe', event });
  return [
    { name: 'spins', trigger: trigger('payment_intent.succeeded'), steps: [{ id: 'spin', type: 'transform', expression: '($f := function($x){ $f($x) }; $f(1))' }] },
    {
      name: 'digs',
      trigger: trigger('charge.refunded'),
      steps: [{ id: 'deep', type: 'condition', when: { expression: '($f := function($x){ $x > 0 ? 1 + $f($x - 1) : 0 }; $f(100000)) > 0' } }],
    },
    {
      name: 'pads',
      trigger: trigger('payment_intent.payment_failed'),
      steps: [{ id: 'send', type: 'action', connector: 'http', action: 'post', input: { url: `"${downstreamUrl}/pad"`, body: '{ "padding": $pad("", 50000000) }' } }],
    },
  ] as WorkflowDefinition[];
}

async function quarantined(type: string): Promise<Record<string, unknown>> {
  const res = await hub.ingress.inject({ method: 'POST', url: '/webhooks/stripe', ...signedStripeEvent(`evt_jsonata_outcome_${++sent}`, SECRET, {}, type) });
  const { eventId } = res.json() as { eventId: string };
  return waitFor(`${type} quarantined`, async () => {
    const { rows } = await hub.db.admin.query<{ data: Record<string, unknown> }>(`SELECT data FROM events WHERE stream = $1 AND type = 'webhook.quarantined'`, [eventId]);
    return rows[0]?.data;
  });
}

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({ label: 'jsonataoutcomes', secrets: { stripe: SECRET }, env: { HUB_JSONATA_TIMEOUT_MS: '300', HUB_JSONATA_MAX_DEPTH: '200' } });
  const store = new WorkflowStore(hub.resources.pool, hub.resources.store);
  for (const definition of workflows(downstream.url)) await store.saveVersion(definition, { actor: 'test:jsonata' });
});
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
});

describe('a workflow expression at a JSONata limit', () => {
  it('a transform that never ends quarantines its event with HUB_JSONATA_TIMEOUT, naming the step', async () => {
    expect(await quarantined('payment_intent.succeeded')).toMatchObject({ code: 'HUB_JSONATA_TIMEOUT', class: 'data_format', route: 'workflow:spins:spin' });
  });

  it('a condition that recurses past HUB_JSONATA_MAX_DEPTH quarantines its event with HUB_JSONATA_RESOURCE_LIMIT', async () => {
    expect(await quarantined('charge.refunded')).toMatchObject({ code: 'HUB_JSONATA_RESOURCE_LIMIT', class: 'data_format', route: 'workflow:digs:deep' });
  });

  it("an action input of 50 MB quarantines its event with HUB_JSONATA_RESOURCE_LIMIT, and nothing is sent", async () => {
    expect(await quarantined('payment_intent.payment_failed')).toMatchObject({ code: 'HUB_JSONATA_RESOURCE_LIMIT', class: 'data_format', route: 'workflow:pads:send' });
    expect(downstream.requests.filter((r) => r.path === '/pad')).toEqual([]);
  });
});
