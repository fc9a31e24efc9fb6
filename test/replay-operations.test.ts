import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { startDownstream, type Downstream } from './support/downstream.js';
import { spawnHub } from './support/hub-process.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_replay_ops';
const TOKEN = 'console-token-0123456789';
const auth = { authorization: `Bearer ${TOKEN}` };
let hub: TestHub;
let downstream: Downstream;

async function deadLettered(id: string): Promise<string> {
  const eventId = await postStripeEvent(hub.ingress, id, SECRET);
  await waitFor(`${id} dead-lettered`, async () => (await statusOf(eventId)) === 'dead_lettered');
  return eventId;
}

async function statusOf(eventId: string): Promise<string> {
  return (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}`, headers: auth })).json().status as string;
}

beforeAll(async () => {
  downstream = await startDownstream();
  downstream.respondWith = () => ({ status: 422 });
  hub = await startTestHub({
    label: 'replayops',
    secrets: { stripe: SECRET },
    consoleToken: TOKEN,
    routes: [
      ledgerRoute(downstream.url),
    ],
  });
});
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});

describe('DLQ and replay through the API', () => {
  it('lists a dead-lettered event, replays it with the caller recorded, and it is processed after the fix', async () => {
    const eventId = await deadLettered('evt_ops_api');
    const dlq = await hub.console.inject({ method: 'GET', url: '/api/connectors/stripe/dlq', headers: auth });
    expect(dlq.json().deadLetters.map((d: { eventId: string }) => d.eventId)).toContain(eventId);

    const dry = await hub.console.inject({ method: 'POST', url: '/api/replay', headers: auth, payload: { connector: 'stripe', dlq: true, reason: 'check', dryRun: true } });
    expect(dry.json()).toMatchObject({ dryRun: true, replayed: 0 });
    expect(dry.json().eventIds).toContain(eventId);

    downstream.respondWith = () => ({ status: 200 });
    // The actor is the token's name; a header claiming someone else is ignored.
    const alice = (await new ApiTokenStore(hub.resources.pool).create({ name: 'alice', role: 'operator', actor: 'test' })).token;
    const res = await hub.console.inject({ method: 'POST', url: '/api/replay', headers: { authorization: `Bearer ${alice}`, 'x-hub-actor': 'mallory' }, payload: { eventIds: [eventId], reason: 'ledger fixed' } });
    expect(res.json()).toMatchObject({ selected: 1, replayed: 1 });
    await waitFor('the replayed event to be processed', async () => (await statusOf(eventId)) === 'processed');
    const { rows } = await hub.db.admin.query(`SELECT actor, data->>'reason' AS reason FROM events WHERE stream = $1 AND type = 'webhook.replayed'`, [eventId]);
    expect(rows).toEqual([{ actor: 'api:alice', reason: 'ledger fixed' }]);
    downstream.respondWith = () => ({ status: 422 });
  });

  it('refuses a replay without the token, or with a bad body', async () => {
    expect((await hub.console.inject({ method: 'POST', url: '/api/replay', payload: { eventIds: ['x'], reason: 'r' } })).statusCode).toBe(401);
    const bad = await hub.console.inject({ method: 'POST', url: '/api/replay', headers: auth, payload: { reason: 'no selection' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.code).toBe('HUB_BAD_REQUEST');
  });
});

describe('DLQ and replay from the CLI', () => {
  it('hub dlq lists the event; hub replay needs a reason, then replays it', async () => {
    const eventId = await deadLettered('evt_ops_cli');
    const list = spawnHub(['dlq', 'stripe'], hub.env);
    expect(await list.exited()).toBe(0);
    expect(list.lines.map((l) => String(l.msg)).join('\n')).toContain(eventId);

    const noReason = spawnHub(['replay', '--connector', 'stripe', '--dlq'], hub.env);
    expect(await noReason.exited()).toBe(1);
    expect(noReason.stderr()).toContain('--reason');

    downstream.respondWith = () => ({ status: 200 });
    const replay = spawnHub(['replay', eventId, '--reason', 'fixed'], hub.env);
    expect(await replay.exited()).toBe(0);
    await waitFor('the replayed event to be processed', async () => (await statusOf(eventId)) === 'processed');
  });

  it('hub health prints the windows of a connector, and explains an unknown one', async () => {
    const health = spawnHub(['health', 'stripe'], hub.env);
    expect(await health.exited()).toBe(0);
    const text = health.lines.map((l) => String(l.msg)).join('\n');
    expect(text).toMatch(/^stripe — last success \d{4}-/);
    expect(text).toMatch(/5m\s+received\s+\d+/);
    expect(text).toMatch(/queue \d+ waiting, \d+ in flight, \d+ delayed, DLQ \d+; \d+ unfinished, oldest .+ circuit (closed|open|half_open)/);
    expect(text).toMatch(/24h\s+received\s+\d+ .*throttled \d+ +calls \d+/);
    const unknown = spawnHub(['health', 'paypal'], hub.env);
    expect(await unknown.exited()).toBe(1);
    expect(unknown.stderr()).toMatch(/try one of: .*\bgithub\b.*\bstripe\b/);
  });

  it('explains a time it cannot read', async () => {
    const bad = spawnHub(['replay', '--connector', 'stripe', '--from', 'yesterday', '--dry-run'], hub.env);
    expect(await bad.exited()).toBe(1);
    expect(bad.stderr()).toContain('is not a time');
  });
});
