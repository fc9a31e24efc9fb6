import { randomBytes } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { defineAction, defineConnector, type Connector } from '@hub/connector-sdk';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { createLogger } from '@hub/core/logger';
import { listDeadLetters } from '@hub/core/replay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runDlq } from '../../apps/cli/src/commands/dlq.js';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

// Unique per run, so finding it anywhere means this run leaked it.
const CANARY = `canary_${randomBytes(16).toString('hex')}`;
const SECRET = 'whsec_canary';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const TOKEN = 'console-token-canary-0123456789';

/** An apiKey connector as a provider would declare it: the key in a header whose name does not look secret. */
function apiKeyConnector(id: string, auth: { in: 'header' | 'query'; name: string }): Connector {
  return defineConnector({
    id,
    version: '1.0.0',
    name: id,
    events: {},
    fixtures: {},
    auth: { type: 'apiKey', ...auth },
    baseUrls: { production: `https://${id}.example.com` },
    actions: {
      create: defineAction({
        description: 'Create an item',
        input: z.object({ ref: z.string() }),
        run: (ctx, input) => ctx.http.request({ method: 'POST', url: `${ctx.baseUrl}/v1/items?ref=${input.ref}`, headers: { 'content-type': 'application/json', 'idempotency-key': ctx.idempotencyKey }, body: input }),
      }),
    },
  });
}

let hub: TestHub;
let downstream: Downstream;
let logs = '';
const processed: string[] = [];
const deadLettered: string[] = [];

beforeAll(async () => {
  downstream = await startDownstream();
  // The provider refuses items whose ref says so (on the header route or the query route): those events fail permanently into the DLQ.
  downstream.respondWith = (req) => {
    const refused = (req.path.includes('failh') && req.headers['x-canary-auth'] !== undefined) || (req.path.includes('failq') && req.path.includes('key='));
    return { status: refused ? 422 : 201 };
  };
  const log = createLogger({ service: 'hub', level: 'trace', destination: { write: (line: string) => void (logs += line) } });
  hub = await startTestHub({
    label: 'canary',
    secrets: { stripe: SECRET },
    consoleToken: TOKEN,
    log,
    env: { HUB_MASTER_KEYS: MASTER_KEYS, CANARY_HEADER_BASE_URL: downstream.url, CANARY_QUERY_BASE_URL: downstream.url, HUB_RETRY_MAX_ATTEMPTS: '2' },
    extraConnectors: {
      'canary-header': apiKeyConnector('canary-header', { in: 'header', name: 'X-Canary-Auth' }),
      'canary-query': apiKeyConnector('canary-query', { in: 'query', name: 'key' }),
    },
    routes: [
      { name: 'by-header', on: { connector: 'stripe', event: 'payment_intent.succeeded' }, action: { connector: 'canary-header', name: 'create' }, input: '{ "ref": id }' },
      { name: 'by-query', on: { connector: 'stripe', event: 'payment_intent.succeeded' }, action: { connector: 'canary-query', name: 'create' }, input: '{ "ref": id }' },
    ],
  });
  const store = new CredentialStore(hub.resources.pool, new EnvMasterKeys(MASTER_KEYS));
  await store.put('canary-header', '', { apiKey: CANARY });
  await store.put('canary-query', '', { apiKey: CANARY });

  for (const [i, id] of ['evt_canary_ok_1', 'evt_canary_failh_1', 'evt_canary_ok_2', 'evt_canary_failq_2'].entries()) {
    const eventId = await postStripeEvent(hub.ingress, `${id}_${i}`, SECRET);
    (id.includes('fail') ? deadLettered : processed).push(eventId);
  }
  for (const eventId of [...processed, ...deadLettered]) {
    const expected = processed.includes(eventId) ? 'processed' : 'dead_lettered';
    await waitFor(`${eventId} ${expected}`, async () => (await api(`/api/events/${eventId}`)).status === expected);
  }
}, 60_000);
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});

async function api(url: string): Promise<Record<string, unknown>> {
  const res = await hub.console.inject({ method: 'GET', url, headers: { authorization: `Bearer ${TOKEN}` } });
  expect(res.statusCode).toBe(200);
  return res.json() as Record<string, unknown>;
}

describe('a credential never leaves the credential store except towards its provider', () => {
  it('reached the provider: the key was really used, in the header and in the query string', () => {
    const byHeader = downstream.requests.filter((r) => r.headers['x-canary-auth'] === CANARY);
    const byQuery = downstream.requests.filter((r) => new URL(r.path, 'http://x').searchParams.get('key') === CANARY);
    expect(byHeader.length).toBeGreaterThanOrEqual(4); // every event reached the first route
    expect(byQuery.length).toBeGreaterThanOrEqual(3); // all but the one refused on the first route reached the second
  });

  it('is in no event of the event store (whole rows as text), though the requests are recorded', async () => {
    const { rows } = await hub.db.admin.query<{ row: string }>('SELECT e::text AS row FROM events e');
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.row.includes(CANARY))).toEqual([]);
    // The test can fail: the recorded requests are there, with the auth header named and redacted.
    const requested = rows.filter((r) => r.row.includes('action.requested'));
    expect(requested.length).toBeGreaterThanOrEqual(6);
    expect(requested.some((r) => r.row.includes('x-canary-auth') && r.row.includes('[redacted]'))).toBe(true);
    expect(requested.some((r) => r.row.includes('key=%5Bredacted%5D'))).toBe(true);
    const { rows: creds } = await hub.db.admin.query<{ row: string }>('SELECT c::text AS row FROM credentials c');
    expect(creds).toHaveLength(2);
    expect(creds.filter((r) => r.row.includes(CANARY) || r.row.includes(Buffer.from(CANARY).toString('hex')))).toEqual([]);
  });

  it('is in none of the hub logs', () => {
    // The logs did capture this run's failures (the alert names the refused call).
    expect(logs).toContain('alert raised');
    expect(logs).toContain('answered 422');
    expect(logs).not.toContain(CANARY);
  });

  it('is in no DLQ entry: SQS dead-letter messages, listDeadLetters and hub dlq', async () => {
    const queue = await hub.resources.queues.get('stripe');
    // The store records dead_lettered before the worker hands the message to the DLQ: wait for it there.
    const messages = await waitFor('the dead letters in the SQS DLQ', async () => {
      const answer = await hub.resources.sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0, MessageAttributeNames: ['All'], AttributeNames: ['All'] }));
      return answer.Messages?.length === deadLettered.length ? answer : undefined;
    });
    expect(JSON.stringify(messages)).not.toContain(CANARY);
    const listed = await listDeadLetters(hub.resources.pool, 'stripe', { includeQuarantined: true, limit: 100 });
    expect(listed.map((d) => d.eventId).sort()).toEqual([...deadLettered].sort());
    expect(JSON.stringify(listed)).not.toContain(CANARY);
    let printed = '';
    await runDlq(hub.env, 'stripe', { quarantined: true, json: true, limit: 100 }, (line) => (printed += line));
    expect(printed).toContain(deadLettered[0]);
    expect(printed).not.toContain(CANARY);
  });

  it('is in no console API answer', async () => {
    const answers = [await api('/api/connectors'), await api('/api/connectors/stripe/dlq')];
    for (const eventId of [...processed, ...deadLettered]) answers.push(await api(`/api/events/${eventId}`));
    const text = JSON.stringify(answers);
    expect(text).toContain('x-canary-auth'); // the timelines do show the recorded requests
    expect(text).not.toContain(CANARY);
  });
});
