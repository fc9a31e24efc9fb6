import { defineAction, defineConnector } from '@hub/connector-sdk';
import { queueDepth } from '@hub/core/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { startDownstream, type Downstream } from './support/downstream.js';
import { spawnHub } from './support/hub-process.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_redrive';
const TOKEN = 'console-token-redrive-0123';
const MAX_RECEIVE_COUNT = 2;
let hub: TestHub;
let downstream: Downstream;
/** While true, the handler dies before any outcome is recorded, as a worker killed mid-handler does: the message is never deleted. */
let crashing = true;

/** A ledger whose action's input check throws (not a failure the worker can classify: the handler itself breaks). */
const ledger = defineConnector({
  id: 'crashledger',
  version: '1.0.0',
  name: 'Crashing ledger',
  events: {},
  fixtures: {},
  baseUrls: { production: 'https://ledger.example.com' },
  actions: {
    book: defineAction({
      description: 'Book an entry',
      input: z.object({ ref: z.string() }).refine(() => {
        if (crashing) throw new RangeError('simulated crash of the handler');
        return true;
      }),
      run: (ctx, input) => ctx.http.request({ method: 'POST', url: `${ctx.baseUrl}/entries`, headers: { 'idempotency-key': ctx.idempotencyKey }, body: { ref: input.ref } }),
    }),
  },
});

async function statusOf(eventId: string): Promise<string> {
  return (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: { authorization: `Bearer ${TOKEN}` } })).json().status as string;
}

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({
    label: 'redrive',
    secrets: { stripe: SECRET },
    consoleToken: TOKEN,
    extraConnectors: { crashledger: ledger },
    routes: [{ name: 'book', on: { connector: 'stripe', event: 'payment_intent.succeeded' }, action: { connector: 'crashledger', name: 'book' }, input: '{ "ref": $eventId }' }],
    env: { CRASHLEDGER_BASE_URL: downstream.url, HUB_MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT), HUB_VISIBILITY_TIMEOUT_S: '1', HUB_REDRIVE_DRAIN_INTERVAL_S: '1' },
  });
});
afterAll(async () => {
  await hub?.stop();
  await downstream?.close();
});

describe('SQS redrive recorded in the event store', () => {
  it(`a message whose handler crashes ${MAX_RECEIVE_COUNT} times is dead-lettered (reason redrive), listed by hub dlq and the console, drained from the SQS DLQ, and replays`, { timeout: 90_000 }, async () => {
    const acknowledgedAt = Date.now();
    const eventId = await postStripeEvent(hub.ingress, 'evt_redrive_1', SECRET);
    const dead = await waitFor(
      'the redrive recorded',
      async () => (await hub.db.admin.query<{ data: Record<string, unknown> }>(`SELECT data FROM events WHERE stream = $1 AND type = 'webhook.dead_lettered'`, [eventId])).rows[0]?.data,
      45_000,
      200,
    );
    console.info(`redrive: recorded ${((Date.now() - acknowledgedAt) / 1000).toFixed(1)} s after the acknowledgement (${MAX_RECEIVE_COUNT} crashes, 1 s visibility timeout, drained every 1 s), SQS receive count ${String(dead.receiveCount)}`);
    expect(dead).toMatchObject({ reason: 'redrive', class: 'redrive', code: 'HUB_QUEUE_REDRIVEN', maxReceiveCount: MAX_RECEIVE_COUNT, attempts: MAX_RECEIVE_COUNT });
    expect(dead.receiveCount).toBeGreaterThan(MAX_RECEIVE_COUNT);
    expect(await statusOf(eventId)).toBe('dead_lettered');
    const queue = await hub.resources.queues.get('stripe');
    await waitFor('the SQS DLQ emptied', async () => {
      const depth = await queueDepth(hub.resources.sqs, queue.dlqUrl);
      return depth.visible + depth.inFlight === 0;
    });
    expect(downstream.requests).toHaveLength(0);

    const list = spawnHub(['dlq', 'stripe'], hub.env);
    expect(await list.exited(), list.stderr()).toBe(0);
    const printed = list.lines.map((l) => String(l.msg)).find((line) => line.startsWith(eventId));
    expect(printed).toMatch(/dead_lettered\s+redrive\s+2\s+.*HUB_QUEUE_REDRIVEN/);
    const api = await hub.console.inject({ method: 'GET', url: '/api/connectors/stripe/dlq', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(api.json().deadLetters).toEqual([expect.objectContaining({ eventId, errorClass: 'redrive', code: 'HUB_QUEUE_REDRIVEN' })]);

    crashing = false;
    const replay = spawnHub(['replay', '--connector', 'stripe', '--dlq', '--reason', 'handler fixed'], hub.env);
    expect(await replay.exited(), replay.stderr()).toBe(0);
    await waitFor('the replayed event processed', async () => (await statusOf(eventId)) === 'processed', 30_000, 200);
    expect(downstream.sideEffects).toHaveLength(1);
    const { rows } = await hub.db.admin.query(`SELECT count(*)::int AS n FROM events WHERE stream = $1 AND type = 'webhook.dead_lettered'`, [eventId]);
    expect(rows[0].n).toBe(1);
  });
});
