import { randomBytes } from 'node:crypto';
import { defineAction, defineConnector } from '@hub/connector-sdk';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { startOAuth2Server, type OAuth2Server } from '@hub/simulators';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { postStripeEvent } from '../support/stripe-webhooks.js';
import { startTestHub, type TestHub } from '../support/test-hub.js';
import { waitFor } from '../support/wait-for.js';

const SECRET = 'whsec_oauth2_worker';
const MASTER_KEYS = `k1:${randomBytes(32).toString('base64')}`;
const CLIENT = { clientId: 'hub-crm', clientSecret: 'cs_worker' };

const crm = defineConnector({
  id: 'crm',
  version: '1.0.0',
  name: 'CRM',
  events: {},
  fixtures: {},
  auth: { type: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://crm.example.com/oauth/token', clientAuth: 'basic' },
  baseUrls: { production: 'https://crm.example.com' },
  actions: {
    touch: defineAction({
      description: 'Touch a record',
      input: z.object({ ref: z.string() }),
      run: (ctx, input) => ctx.http.request({ method: 'GET', url: `${ctx.baseUrl}/api/records/${input.ref}` }),
    }),
  },
});

let hub: TestHub;
let sim: OAuth2Server;
let store: CredentialStore;

beforeAll(async () => {
  sim = await startOAuth2Server({ clients: [CLIENT] });
  hub = await startTestHub({
    label: 'oauth2_worker',
    secrets: { stripe: SECRET },
    env: { HUB_MASTER_KEYS: MASTER_KEYS, CRM_BASE_URL: sim.url, HUB_RETRY_MAX_ATTEMPTS: '5' },
    // The declared token URL is the provider's; the test points the connector at the simulator.
    extraConnectors: { crm: { ...crm, auth: { ...crm.auth, tokenUrl: sim.tokenUrl } } },
    routes: [{ name: 'touch-crm', on: { connector: 'stripe', event: 'payment_intent.succeeded' }, action: { connector: 'crm', name: 'touch' }, input: '{ "ref": id }' }],
  });
  store = new CredentialStore(hub.resources.pool, new EnvMasterKeys(MASTER_KEYS));
  await store.put('crm', '', { ...CLIENT, refreshToken: sim.mintRefreshToken(CLIENT.clientId) });
});
afterAll(async () => {
  await hub.stop();
  await sim.close();
});

async function streamTypes(eventId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const { rows } = await hub.db.admin.query<{ type: string; data: Record<string, unknown> }>('SELECT type, data FROM events WHERE stream = $1 ORDER BY id', [eventId]);
  return rows;
}

async function finalStatus(eventId: string, status: string): Promise<void> {
  await waitFor(`${eventId} ${status}`, async () => (await hub.console.inject({ method: 'GET', url: `/api/events/${eventId}` })).json().status === status);
}

describe('oauth2 connectors in the worker', () => {
  it('calls the provider at its base URL with a bearer token obtained by the refresh_token grant', async () => {
    const eventId = await postStripeEvent(hub.ingress, 'evt_oauth2_ok', SECRET);
    await finalStatus(eventId, 'processed');
    expect(sim.tokenRequests).toEqual({ refresh_token: 1 });
    expect(sim.resourceRequests.map((r) => [r.path, r.status])).toEqual([['/api/records/evt_oauth2_ok', 200]]);
  });

  it('dead-letters on invalid_grant at the first attempt, without retrying, and raises an alert to reconnect', async () => {
    const stored = await store.get('crm');
    sim.revokeRefreshToken(stored?.refreshToken as string); // the user disconnected the app
    sim.revokeAccessToken(stored?.accessToken as string); // so the next call gets a 401 and must refresh
    const eventId = await postStripeEvent(hub.ingress, 'evt_oauth2_revoked', SECRET);
    await finalStatus(eventId, 'dead_lettered');
    const stream = await streamTypes(eventId);
    expect(stream.filter((e) => e.type === 'webhook.processing')).toHaveLength(1);
    expect(stream.filter((e) => e.type === 'webhook.failed').map((e) => e.data)).toEqual([expect.objectContaining({ class: 'permanent', attempt: 1, code: 'HUB_OAUTH_INVALID_GRANT' })]);
    expect(stream.find((e) => e.type === 'webhook.dead_lettered')?.data).toMatchObject({ class: 'permanent', attempts: 1 });
    expect(stream.find((e) => e.type === 'action.failed')?.data).toMatchObject({ class: 'permanent', code: 'HUB_OAUTH_INVALID_GRANT' });
    expect(sim.tokenRequests.refresh_token).toBe(2);
    expect(sim.resourceRequests.at(-1)?.status).toBe(401);

    const { rows } = await hub.db.admin.query<{ data: { evidence: Record<string, unknown> } }>(`SELECT data FROM events WHERE type = 'alert.raised' AND connector = 'crm'`);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.data.evidence).toMatchObject({ code: 'HUB_OAUTH_INVALID_GRANT', reconnect: expect.stringContaining('hub credentials set crm --field clientId --field clientSecret --field refreshToken') });
  });
});
