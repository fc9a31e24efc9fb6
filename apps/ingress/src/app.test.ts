import { createHmac } from 'node:crypto';
import net from 'node:net';
import Stripe from 'stripe';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import github from '@hub/connector-github';
import http from '@hub/connector-http';
import shopify from '@hub/connector-shopify';
import stripeConnector from '@hub/connector-stripe';
import { WebhookIngestor } from '@hub/core/event-store';
import { createPool } from '@hub/core/db';
import { createTestDatabase, type TestDatabase } from '../../../test/support/test-database.js';
import { testLogger } from '../../../test/support/silent-logger.js';
import { buildApp } from './app.js';

const connectors = { stripe: stripeConnector, github, shopify, http };

const STRIPE_SECRET = 'whsec_test_ingress_secret';
const GITHUB_SECRET = 'github-ingress-secret';
const SHOPIFY_SECRETS = ['shopify-old-secret', 'shopify-new-secret'];
const stripe = new Stripe('sk_test_unused');

let db: TestDatabase;
let app: ReturnType<typeof buildApp>;

function stripeEvent(id: string, extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ ...(connectors.stripe.fixtures['payment_intent.succeeded'] as object), ...extra, id });
}

function stripeHeaders(payload: string, timestamp = Math.floor(Date.now() / 1000), secret = STRIPE_SECRET) {
  return { 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp }) };
}

async function countRows(table: 'events' | 'outbox'): Promise<number> {
  const { rows } = await db.admin.query(`SELECT count(*)::int AS n FROM ${table}`);
  return rows[0].n as number;
}

beforeAll(async () => {
  db = await createTestDatabase('ingress');
  app = buildApp({
    connectors,
    webhookSecrets: new Map([
      ['stripe', [STRIPE_SECRET]],
      ['github', [GITHUB_SECRET]],
      ['shopify', SHOPIFY_SECRETS],
    ]),
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

describe('webhook ingress', () => {
  it('stores a verified webhook with its outbox row and answers 202 with the event id', async () => {
    const payload = stripeEvent('evt_ok_1');
    const res = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(payload), payload });
    expect(res.statusCode).toBe(202);
    const { eventId } = res.json();
    const { rows } = await db.admin.query('SELECT type, connector, provider_event_id, data FROM events WHERE id = $1', [eventId]);
    expect(rows[0]).toMatchObject({ type: 'webhook.received', connector: 'stripe', provider_event_id: 'evt_ok_1' });
    expect(rows[0].data.eventType).toBe('payment_intent.succeeded');
    expect(rows[0].data.payload.id).toBe('evt_ok_1');
    expect(rows[0].data.headers['stripe-signature']).toBeUndefined();
    const outbox = await db.admin.query('SELECT connector FROM outbox WHERE event_id = $1', [eventId]);
    expect(outbox.rows).toEqual([{ connector: 'stripe' }]);
  });

  it('answers a duplicate provider event id with 200 and the first event id, storing nothing twice', async () => {
    const payload = stripeEvent('evt_dup_1');
    const first = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(payload), payload });
    const second = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(payload), payload });
    expect(first.statusCode).toBe(202);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual({ eventId: first.json().eventId, duplicate: true });
    const { rows } = await db.admin.query(`SELECT count(*)::int AS n FROM events WHERE provider_event_id = 'evt_dup_1'`);
    expect(rows[0].n).toBe(1);
    const outbox = await db.admin.query('SELECT count(*)::int AS n FROM outbox WHERE event_id = $1', [first.json().eventId]);
    expect(outbox.rows[0].n).toBe(1);
  });

  it('deduplicates copies arriving concurrently in the same group commit', async () => {
    const payload = stripeEvent('evt_dup_concurrent');
    const responses = await Promise.all(Array.from({ length: 5 }, () => app.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(payload), payload })));
    const ids = new Set(responses.map((r) => r.json().eventId));
    expect(ids.size).toBe(1);
    expect(responses.filter((r) => r.statusCode === 202)).toHaveLength(1);
    expect(responses.filter((r) => r.statusCode === 200)).toHaveLength(4);
  });

  it('commits 300 concurrent webhooks, each acknowledged with its own id', async () => {
    const before = await countRows('events');
    const responses = await Promise.all(
      Array.from({ length: 300 }, (_, i) => {
        const payload = stripeEvent(`evt_burst_${i}`);
        return app.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(payload), payload });
      }),
    );
    expect(responses.every((r) => r.statusCode === 202)).toBe(true);
    expect(new Set(responses.map((r) => r.json().eventId)).size).toBe(300);
    expect((await countRows('events')) - before).toBe(300);
  });

  it.each([
    ['a tampered body', (p: string) => ({ headers: stripeHeaders(p), payload: p.replace('evt_', 'evt_x') }), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['a wrong secret', (p: string) => ({ headers: stripeHeaders(p, undefined, 'whsec_other'), payload: p }), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['no signature header', (p: string) => ({ headers: { 'content-type': 'application/json' }, payload: p }), 'HUB_WEBHOOK_SIGNATURE_MISSING'],
    ['a timestamp 301 s old', (p: string) => ({ headers: stripeHeaders(p, Math.floor(Date.now() / 1000) - 301), payload: p }), 'HUB_WEBHOOK_TIMESTAMP_STALE'],
    // 310 s, not 301: both sides count whole seconds, and a second boundary passing before the check made 301 read as 300 (accepted, CI 2026-12-06).
    ['a timestamp 310 s in the future', (p: string) => ({ headers: stripeHeaders(p, Math.floor(Date.now() / 1000) + 310), payload: p }), 'HUB_WEBHOOK_TIMESTAMP_STALE'],
  ])('refuses %s with 401 and stores nothing', async (_name, build, code) => {
    const before = await countRows('events');
    const req = build(stripeEvent(`evt_refused_${code}_${Math.random()}`));
    const res = await app.inject({ method: 'POST', url: '/webhooks/stripe', ...req });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe(code);
    expect(await countRows('events')).toBe(before);
  });

  it('refuses a body over the limit with 413 and stores nothing', async () => {
    const before = await countRows('events');
    const payload = stripeEvent('evt_big', { filler: 'x'.repeat(70 * 1024) });
    const res = await app.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(payload), payload });
    expect(res.statusCode).toBe(413);
    expect(res.json().error.code).toBe('HUB_WEBHOOK_BODY_TOO_LARGE');
    expect(await countRows('events')).toBe(before);
  });

  it('answers 413 on the declared Content-Length alone, before any body byte is sent', async () => {
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = net.connect(port, '127.0.0.1', () => {
        socket.write(`POST /webhooks/stripe HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`);
      });
      let data = '';
      socket.on('data', (chunk) => {
        data += chunk.toString();
        if (data.includes('\r\n\r\n')) {
          socket.destroy();
          resolve(data);
        }
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`no answer; got ${data}`)), 5_000);
    });
    expect(answer.split('\r\n')[0]).toBe('HTTP/1.1 413 Payload Too Large');
  });

  it('answers 404 for an unknown connector, an outbound-only one, and an account on a single-account connector', async () => {
    const unknown = await app.inject({ method: 'POST', url: '/webhooks/nope', payload: '{}' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('HUB_CONNECTOR_UNKNOWN');
    const outboundOnly = await app.inject({ method: 'POST', url: '/webhooks/http', payload: '{}' });
    expect(outboundOnly.statusCode).toBe(404);
    expect(outboundOnly.json().error.code).toBe('HUB_CONNECTOR_NO_WEBHOOK');
    const payload = stripeEvent('evt_acct');
    const withAccount = await app.inject({ method: 'POST', url: '/webhooks/stripe/acct_1', headers: stripeHeaders(payload), payload });
    expect(withAccount.statusCode).toBe(404);
    expect(withAccount.json().error.code).toBe('HUB_CONNECTOR_NOT_MULTI_ACCOUNT');
  });

  it('accepts a Shopify webhook for one shop, signed with either connector-wide secret during a rotation, dedupes on X-Shopify-Webhook-Id, and stores the shop as claimed only', async () => {
    const payload = JSON.stringify(connectors.shopify.fixtures['orders/create']);
    const headersFor = (secret: string) => ({
      'content-type': 'application/json',
      'x-shopify-hmac-sha256': createHmac('sha256', secret).update(payload).digest('base64'),
      'x-shopify-topic': 'orders/create',
      'x-shopify-shop-domain': 'shop1.myshopify.com',
      'x-shopify-webhook-id': 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043',
    });
    const first = await app.inject({ method: 'POST', url: '/webhooks/shopify/shop1.myshopify.com', headers: headersFor('shopify-old-secret'), payload });
    expect(first.statusCode).toBe(202);
    const again = await app.inject({ method: 'POST', url: '/webhooks/shopify/shop1.myshopify.com', headers: headersFor('shopify-new-secret'), payload });
    expect(again.statusCode).toBe(200);
    expect(again.json().eventId).toBe(first.json().eventId);
    const { rows } = await db.admin.query('SELECT account, provider_event_id, data FROM events WHERE id = $1', [first.json().eventId]);
    // The app-wide secret signs every shop's deliveries: it proves the delivery, not the shop in the URL.
    expect(rows[0]).toMatchObject({ account: null, provider_event_id: 'b54557e4-bdd9-4b37-8a5f-bf7d70bcd043' });
    expect(rows[0].data).toMatchObject({ eventType: 'orders/create', claimedAccount: 'shop1.myshopify.com', verifiedWith: 'connector-secret' });
  });

  it('accepts a GitHub delivery signed by @octokit/webhooks-methods and refuses it re-serialised', async () => {
    const body = connectors.github.fixtures.push;
    const payload = JSON.stringify(body, null, 2);
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': await githubSign(GITHUB_SECRET, payload), 'x-github-event': 'push', 'x-github-delivery': 'd-push-1' };
    const ok = await app.inject({ method: 'POST', url: '/webhooks/github', headers, payload });
    expect(ok.statusCode).toBe(202);
    const reserialised = await app.inject({ method: 'POST', url: '/webhooks/github', headers: { ...headers, 'x-github-delivery': 'd-push-2' }, payload: JSON.stringify(body) });
    expect(reserialised.statusCode).toBe(401);
    expect(reserialised.json().error.code).toBe('HUB_WEBHOOK_SIGNATURE_INVALID');
  });

  it('refuses every webhook of a connector that has no secret configured, storing nothing', async () => {
    const before = await countRows('events');
    const noSecrets = buildApp({ connectors, webhookSecrets: new Map(), ingestor: new WebhookIngestor(db.pool), pool: db.pool, bodyLimit: 64 * 1024, log: testLogger });
    const res = await noSecrets.inject({ method: 'POST', url: '/webhooks/shopify/shop1.myshopify.com', headers: { 'content-type': 'application/json' }, payload: '{}' });
    await noSecrets.close();
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('HUB_WEBHOOK_SECRET_MISSING');
    expect(await countRows('events')).toBe(before);
  });

  it('stores a verified body that is not JSON, keyed by its hash, for the worker to quarantine', async () => {
    const payload = 'this is not json';
    const signature = await githubSign(GITHUB_SECRET, payload);
    const headers = { 'content-type': 'application/json', 'x-hub-signature-256': signature, 'x-github-event': 'push', 'x-github-delivery': 'd-not-json' };
    const res = await app.inject({ method: 'POST', url: '/webhooks/github', headers, payload });
    expect(res.statusCode).toBe(202);
    const { rows } = await db.admin.query('SELECT provider_event_id, data FROM events WHERE id = $1', [res.json().eventId]);
    expect(rows[0].provider_event_id).toBe('d-not-json');
    expect(rows[0].data.bodyText).toBe(payload);
    expect(rows[0].data.bodyError).toMatch(/not JSON/);
    expect(rows[0].data.headers['x-hub-signature-256']).toBeUndefined();
  });

  it('stores a verified body holding \\u0000 (which jsonb refuses) as text for quarantine, without failing the webhooks committed with it', async () => {
    const poison = stripeEvent('evt_nul', { note: 'nul\u0000byte' });
    expect(poison).toContain('\\u0000');
    const fine = stripeEvent('evt_beside_nul');
    const [bad, good] = await Promise.all([
      app.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(poison), payload: poison }),
      app.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(fine), payload: fine }),
    ]);
    expect(bad.statusCode).toBe(202);
    expect(good.statusCode).toBe(202);
    const { rows } = await db.admin.query('SELECT data FROM events WHERE id = $1', [bad.json().eventId]);
    expect(rows[0].data.bodyError).toMatch(/u0000/);
    expect(rows[0].data.payload).toBeUndefined();
  });

  it('refuses an account segment with characters outside the allowed set', async () => {
    const res = await app.inject({ method: 'POST', url: '/webhooks/shopify/bad%00shop', headers: { 'content-type': 'application/json' }, payload: '{}' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.code).toBe('HUB_BAD_REQUEST');
  });

  it('answers 503 with Retry-After, never 2xx, when the database is unreachable', async () => {
    const deadPool = createPool({ url: 'postgres://postgres@127.0.0.1:1/hub', schema: db.schema, connectionTimeoutMillis: 500 });
    const deadApp = buildApp({
      connectors,
      webhookSecrets: new Map([['stripe', [STRIPE_SECRET]]]),
      ingestor: new WebhookIngestor(deadPool),
      pool: deadPool,
      bodyLimit: 64 * 1024,
      log: testLogger,
    });
    const payload = stripeEvent('evt_db_down');
    const res = await deadApp.inject({ method: 'POST', url: '/webhooks/stripe', headers: stripeHeaders(payload), payload });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json().error.code).toBe('HUB_DB_UNAVAILABLE');
    const ready = await deadApp.inject({ method: 'GET', url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    await deadApp.close();
    await deadPool.end();
  });

  it('reports liveness and readiness', async () => {
    expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).toBe(200);
  });
});
