import { defineAction, defineConnector } from '@hub/connector-sdk';
import { startCatalogSimulator, type CatalogSimulator } from '@hub/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_output_check';

/** A provider whose documented answer to POST /entries/{ref} is `{ "id": "ent_…", "status": "created" }`. */
const bookkeeper = defineConnector({
  id: 'bookkeeper',
  version: '1.0.0',
  name: 'Bookkeeper',
  events: {},
  fixtures: {},
  baseUrls: { production: 'https://api.bookkeeper.example' },
  actions: {
    create_entry: defineAction({
      description: 'Create a ledger entry',
      input: z.object({ ref: z.enum(['good', 'bad']) }),
      output: z.object({ id: z.string(), status: z.literal('created') }),
      run: (ctx, input) => ctx.http.request({ method: 'POST', url: `${ctx.baseUrl}/entries/${input.ref}`, body: { ref: input.ref } }),
    }),
  },
});

let hub: TestHub;
let sim: CatalogSimulator;

beforeAll(async () => {
  sim = await startCatalogSimulator({
    routes: [
      { action: 'create_entry', method: 'POST', path: '/entries/good', response: { status: 201, body: { id: 'ent_1', status: 'created' } } },
      // 200, but not the documented shape: the id is a number and there is no status.
      { action: 'create_entry', method: 'POST', path: '/entries/bad', response: { status: 200, body: { entry: { id: 7 } } } },
    ],
  });
  hub = await startTestHub({
    label: 'action_output',
    secrets: { stripe: SECRET },
    env: { BOOKKEEPER_BASE_URL: sim.url, HUB_RETRY_MAX_ATTEMPTS: '5' },
    extraConnectors: { bookkeeper },
    routes: [
      {
        name: 'book-payment',
        on: { connector: 'stripe', event: 'payment_intent.succeeded' },
        action: { connector: 'bookkeeper', name: 'create_entry' },
        input: '{ "ref": $contains(id, "good") ? "good" : "bad" }',
      },
    ],
  });
});
afterAll(async () => {
  await hub?.stop();
  await sim?.close();
});

async function stream(eventId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await hub.db.admin.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM events WHERE stream = $1 ORDER BY id', [eventId]);
  return rows;
}

async function finalStatus(eventId: string, status: string): Promise<void> {
  await waitFor(`${eventId} ${status}`, async () => (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json().status === status);
}

describe("an action's output schema in the worker", () => {
  it('records a 2xx answer that matches the output as action.succeeded', async () => {
    const eventId = await postStripeEvent(hub.ingress, 'evt_output_good', SECRET);
    await finalStatus(eventId, 'processed');
    const events = await stream(eventId);
    expect(events.find((e) => e.type === 'action.succeeded')?.data).toMatchObject({ route: 'book-payment', response: { status: 201 } });
  });

  it('quarantines a 200 answer whose body does not match the output, without retrying, with the zod issues and a data_format alert', async () => {
    const eventId = await postStripeEvent(hub.ingress, 'evt_output_bad', SECRET);
    await finalStatus(eventId, 'quarantined');
    const events = await stream(eventId);
    const types = events.map((e) => e.type);
    // Not retried: a retry records webhook.failed and runs again as attempt 2. (The queue is at-least-once:
    // a duplicate message handled at the same moment may show a second attempt-1 run, so runs are not counted.)
    expect(types, types.join(' ')).not.toContain('webhook.failed');
    expect(events.filter((e) => e.type === 'webhook.processing').map((e) => e.data.attempt)).toEqual(expect.arrayContaining([1]));
    expect(events.filter((e) => e.type === 'webhook.processing').every((e) => e.data.attempt === 1)).toBe(true);
    expect(types).not.toContain('action.succeeded');
    expect(sim.requests.filter((r) => r.path === '/entries/bad').length).toBeGreaterThanOrEqual(1);

    const issues = [expect.objectContaining({ path: ['id'] }), expect.objectContaining({ path: ['status'] })];
    expect(events.find((e) => e.type === 'action.failed')?.data).toMatchObject({
      route: 'book-payment',
      class: 'data_format',
      code: 'HUB_ACTION_OUTPUT_INVALID',
      issues: expect.arrayContaining(issues),
      response: { status: 200, body: { entry: { id: 7 } } },
    });
    expect(events.find((e) => e.type === 'webhook.quarantined')?.data).toMatchObject({
      route: 'book-payment',
      class: 'data_format',
      code: 'HUB_ACTION_OUTPUT_INVALID',
      issues: expect.arrayContaining(issues),
    });

    // The alert is raised once the outcome is durable, so just after the status turns quarantined.
    const alerts = await waitFor('the data_format alert', async () => {
      const { rows } = await hub.db.admin.query<{ data: { kind: string; evidence: Record<string, unknown> } }>(`SELECT data FROM events WHERE type = 'alert.raised' AND connector = 'stripe'`);
      return rows.length > 0 ? rows : undefined;
    });
    expect(alerts.map((r) => r.data)).toEqual([expect.objectContaining({ kind: 'data_format', evidence: expect.objectContaining({ eventId, route: 'book-payment', code: 'HUB_ACTION_OUTPUT_INVALID' }) })]);
  });
});
