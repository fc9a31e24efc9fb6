import { createHmac, randomUUID } from 'node:crypto';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import github from '@hub/connector-github';
import shopify from '@hub/connector-shopify';
import { AccountWebhookSecrets, CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { WebhookIngestor } from '@hub/core/event-store';
import { yamlConnector } from '../../../test/support/repo-connectors.js';
import { testLogger } from '../../../test/support/silent-logger.js';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { buildApp } from './app.js';

const SHOPIFY_APP_SECRET = 'shopify-app-secret-0001';
const SHOP_A_SECRET = 'shop-a-custom-app-secret-01';
const SHOP_B_SECRET = 'shop-b-custom-app-secret-02';
const GITHUB_SECRET = 'github-ingress-secret-01';
const JIRA_SECRET = 'jira-connector-wide-secret';
const JIRA_ACME_SECRET = 'jira-acme-site-secret-0001';

let db: TestDatabase;
let app: ReturnType<typeof buildApp>;
let store: CredentialStore;

function shopifyDelivery(secret: string, body = JSON.stringify({ ...(shopify.fixtures['orders/create'] as object), id: Math.floor(Math.random() * 1e12) }), webhookId = randomUUID()) {
  return {
    payload: body,
    headers: {
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'),
      'x-shopify-topic': 'orders/create',
      'x-shopify-webhook-id': webhookId,
    },
  };
}

async function stored(eventId: string) {
  const { rows } = await db.admin.query('SELECT account, data FROM events WHERE id = $1', [eventId]);
  return rows[0] as { account: string | null; data: Record<string, unknown> } | undefined;
}

async function count(table: 'events' | 'outbox'): Promise<number> {
  const { rows } = await db.admin.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n as number;
}

beforeAll(async () => {
  db = await createTestDatabase('ingressaccounts');
  store = new CredentialStore(db.pool, new EnvMasterKeys(`k1:${Buffer.alloc(32, 3).toString('base64')}`));
  await store.put('shopify', 'shop-a.myshopify.com', { webhookSecret: SHOP_A_SECRET });
  await store.put('shopify', 'shop-b.myshopify.com', { webhookSecret: `${SHOP_B_SECRET},shop-b-previous-secret-00` });
  await store.put('jira', 'acme', { username: 'ops@acme.test', password: 'jira-api-token', webhookSecret: JIRA_ACME_SECRET });
  const jira = await yamlConnector('jira');
  app = buildApp({
    connectors: { shopify, github, jira },
    webhookSecrets: new Map([
      ['shopify', [SHOPIFY_APP_SECRET]],
      ['github', [GITHUB_SECRET]],
      ['jira', [JIRA_SECRET]],
    ]),
    accountSecrets: new AccountWebhookSecrets(store, ['shopify', 'jira']),
    ingestor: new WebhookIngestor(db.pool),
    pool: db.pool,
    bodyLimit: 64 * 1024,
    log: testLogger,
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  await db.drop();
});

describe('multi-account webhooks', () => {
  it("stores the account when the account's own secret verifies the delivery (either secret during its rotation)", async () => {
    for (const secret of [SHOP_B_SECRET, 'shop-b-previous-secret-00']) {
      const res = await app.inject({ method: 'POST', url: '/webhooks/shopify/shop-b.myshopify.com', ...shopifyDelivery(secret) });
      expect(res.statusCode).toBe(202);
      const row = await stored(res.json().eventId);
      expect(row).toMatchObject({ account: 'shop-b.myshopify.com', data: { claimedAccount: 'shop-b.myshopify.com', verifiedWith: 'account-secret' } });
    }
  });

  it("refuses the connector-wide secret for an account that has its own, and another account's secret", async () => {
    const before = [await count('events'), await count('outbox')];
    const wide = await app.inject({ method: 'POST', url: '/webhooks/shopify/shop-a.myshopify.com', ...shopifyDelivery(SHOPIFY_APP_SECRET) });
    expect(wide.statusCode).toBe(401);
    expect(wide.json().error.code).toBe('HUB_WEBHOOK_SIGNATURE_INVALID');
    const crossed = await app.inject({ method: 'POST', url: '/webhooks/shopify/shop-b.myshopify.com', ...shopifyDelivery(SHOP_A_SECRET) });
    expect(crossed.statusCode).toBe(401);
    expect([await count('events'), await count('outbox')]).toEqual(before);
  });

  it('stores a delivery verified only by the connector-wide secret without an account, keeping the claimed one in its data', async () => {
    const res = await app.inject({ method: 'POST', url: '/webhooks/shopify/shop-c.myshopify.com', ...shopifyDelivery(SHOPIFY_APP_SECRET) });
    expect(res.statusCode).toBe(202);
    expect(await stored(res.json().eventId)).toMatchObject({ account: null, data: { claimedAccount: 'shop-c.myshopify.com', verifiedWith: 'connector-secret' } });
    // An account with outbound credentials but no webhook secret of its own is just as unproven.
    const jiraBody = JSON.stringify({ ...((await yamlConnector('jira')).fixtures['jira:issue_created'] as object), timestamp: Date.now() });
    const jira = await app.inject({
      method: 'POST',
      url: '/webhooks/jira/other-site',
      payload: jiraBody,
      headers: { 'content-type': 'application/json', 'x-hub-signature': `sha256=${createHmac('sha256', JIRA_SECRET).update(jiraBody).digest('hex')}`, 'x-atlassian-webhook-identifier': randomUUID() },
    });
    expect(jira.statusCode).toBe(202);
    expect(await stored(jira.json().eventId)).toMatchObject({ account: null, data: { claimedAccount: 'other-site', verifiedWith: 'connector-secret' } });
  });

  it('proves a Jira site by its own secret, and refuses the connector-wide one for it', async () => {
    const body = JSON.stringify({ ...((await yamlConnector('jira')).fixtures['jira:issue_created'] as object), timestamp: Date.now() });
    const send = (secret: string) =>
      app.inject({ method: 'POST', url: '/webhooks/jira/acme', payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`, 'x-atlassian-webhook-identifier': randomUUID() } });
    expect((await send(JIRA_SECRET)).statusCode).toBe(401);
    const ok = await send(JIRA_ACME_SECRET);
    expect(ok.statusCode).toBe(202);
    expect((await stored(ok.json().eventId))?.account).toBe('acme');
  });
});

describe('replay of a scheme with no signed timestamp', () => {
  it('answers the same GitHub body under a new delivery id as a duplicate of the first event, storing and queueing nothing', async () => {
    const payload = JSON.stringify({ ...(github.fixtures.push as object), after: randomUUID() });
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': await githubSign(GITHUB_SECRET, payload), 'x-github-event': 'push' };
    const first = await app.inject({ method: 'POST', url: '/webhooks/github', headers: { ...headers, 'x-github-delivery': randomUUID() }, payload });
    expect(first.statusCode).toBe(202);
    const before = [await count('events'), await count('outbox')];
    const replayed = await app.inject({ method: 'POST', url: '/webhooks/github', headers: { ...headers, 'x-github-delivery': randomUUID(), 'x-github-event': 'issues' }, payload });
    expect(replayed.statusCode).toBe(200);
    expect(replayed.json()).toEqual({ eventId: first.json().eventId, duplicate: true });
    expect([await count('events'), await count('outbox')]).toEqual(before);
  });

  it("answers a Shopify body signed with the app secret and re-posted to another shop's URL as a duplicate", async () => {
    const delivery = shopifyDelivery(SHOPIFY_APP_SECRET);
    const first = await app.inject({ method: 'POST', url: '/webhooks/shopify/shop-d.myshopify.com', ...delivery });
    expect(first.statusCode).toBe(202);
    const moved = await app.inject({ method: 'POST', url: '/webhooks/shopify/shop-e.myshopify.com', ...shopifyDelivery(SHOPIFY_APP_SECRET, delivery.payload) });
    expect(moved.json()).toEqual({ eventId: first.json().eventId, duplicate: true });
  });
});
