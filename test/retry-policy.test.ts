import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from './support/downstream.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_retry_policy';
const RETRY = { retries: 3, minTimeout: 400, maxTimeout: 1_500 };
let hub: TestHub;
let downstream: Downstream;
/** Scripted answers per event: the downstream answers by the event's own script. */
const scripts = new Map<string, number[]>();

async function send(id: string, script: number[]): Promise<string> {
  const eventId = await postStripeEvent(hub.ingress, id, SECRET);
  scripts.set(eventId, script);
  return eventId;
}

async function timeline(eventId: string): Promise<{ type: string; at: string; data: Record<string, unknown> }[]> {
  return (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json().timeline;
}

const statusOf = async (eventId: string) => (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json().status as string;
const callsFor = (eventId: string) => downstream.requests.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId).length;

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = (req) => {
    const eventId = (req.body as { hubEventId: string }).hubEventId;
    const script = scripts.get(eventId) ?? [200];
    const done = downstream.requests.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId).length - 1;
    return { status: script[Math.min(done, script.length - 1)] as number };
  };
  hub = await startTestHub({
    label: 'retrypolicy',
    secrets: { stripe: SECRET },
    routes: [
      ledgerRoute(downstream.url),
    ],
    // The target connector's own policy (hub.config.yaml), not the worker's defaults.
    connectorOverrides: { http: { retry: RETRY, breaker: { volumeThreshold: 1000 } } },
    env: { HUB_RETRY_MAX_ATTEMPTS: '10' },
  });
});
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});

describe('retry policy', () => {
  it('retries a downstream that fails 3 times, each wait inside the jittered exponential envelope, then records success', { timeout: 60_000 }, async () => {
    const eventId = await send('evt_retry_then_ok', [503, 500, 502, 200]);
    await waitFor('success after retries', async () => (await statusOf(eventId)) === 'processed', 45_000, 200);
    const events = await timeline(eventId);
    const failed = events.filter((e) => e.type === 'webhook.failed');
    expect(failed.map((e) => e.data.attempt)).toEqual([1, 2, 3]);
    const starts = events.filter((e) => e.type === 'webhook.processing').map((e) => Date.parse(e.at));
    failed.forEach((f, k) => {
      const ceiling = Math.min(RETRY.maxTimeout, RETRY.minTimeout * 2 ** k);
      const delay = f.data.nextAttemptInMs as number;
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(ceiling);
      // The next attempt came no sooner than the delay (SQS rounds up to whole seconds).
      expect((starts[k + 1] as number) - Date.parse(f.at)).toBeGreaterThanOrEqual(delay - 50);
    });
    expect(callsFor(eventId)).toBe(4);
  });

  it.each([400, 401, 404, 422])('does not retry a %i: one call, dead-lettered as permanent', async (status) => {
    const eventId = await send(`evt_permanent_${status}`, [status]);
    await waitFor('dead-lettered', async () => (await statusOf(eventId)) === 'dead_lettered', 20_000);
    expect(callsFor(eventId)).toBe(1);
    const dead = (await timeline(eventId)).find((e) => e.type === 'webhook.dead_lettered')?.data;
    expect(dead).toMatchObject({ class: 'permanent', attempts: 1, lastResponse: { status } });
  });

  it('dead-letters a poison message after exactly the policy attempts, with its full context, while neighbours flow', { timeout: 60_000 }, async () => {
    const poison = await send('evt_poison', [503]);
    const neighbours = await Promise.all(Array.from({ length: 5 }, (_, i) => send(`evt_neighbour_${i}`, [200])));
    await Promise.all(neighbours.map((id) => waitFor(`neighbour ${id}`, async () => (await statusOf(id)) === 'processed', 20_000)));
    await waitFor('the poison message dead-lettered', async () => (await statusOf(poison)) === 'dead_lettered', 45_000, 200);
    expect(callsFor(poison)).toBe(RETRY.retries + 1);
    const dead = (await timeline(poison)).find((e) => e.type === 'webhook.dead_lettered')?.data as Record<string, unknown>;
    expect(dead).toMatchObject({ class: 'transient', attempts: RETRY.retries + 1, code: 'HUB_ACTION_TRANSIENT', lastResponse: { status: 503 }, lastRequest: { method: 'POST' } });
    expect((dead.history as { attempt: number }[]).map((h) => h.attempt)).toEqual([1, 2, 3]);
  });
});
