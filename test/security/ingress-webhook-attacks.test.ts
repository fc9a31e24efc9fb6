import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { Webhook } from 'standardwebhooks';
import Stripe from 'stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import github from '@hub/connector-github';
import shopify from '@hub/connector-shopify';
import stripeConnector from '@hub/connector-stripe';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { hubUpEnv, spawnHub, type HubProcess } from '../support/hub-process.js';
import { ingested, runHubWithStdin } from '../support/ingress-process.js';
import { yamlConnector } from '../support/repo-connectors.js';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';

// The attack suite for webhook ingress: a real `hub up` (ingress, relay, worker, console) on its own
// schema; every forged, stale, future-dated, tampered, re-serialised, cross-account or replayed
// delivery is refused or deduplicated, and the events table and the outbox show nothing new.

const STRIPE_SECRET = `whsec_${randomBytes(24).toString('base64')}`;
const GITHUB_SECRET = randomBytes(20).toString('hex');
const RESEND_SECRET = `whsec_${randomBytes(32).toString('base64')}`;
const SHOPIFY_APP_SECRET = `shpss_${randomBytes(16).toString('hex')}`;
const SHOP_A_SECRET = `shop-a-${randomBytes(16).toString('hex')}`;
const SHOP_B_SECRET = `shop-b-${randomBytes(16).toString('hex')}`;
const JIRA_SECRET = randomBytes(24).toString('hex');
const JIRA_ACME_SECRET = randomBytes(24).toString('hex');
const CONSOLE_TOKEN = randomBytes(24).toString('hex');
const SHOP_A = 'shop-a.myshopify.com';
const SHOP_B = 'shop-b.myshopify.com';

const stripe = new Stripe('sk_test_unused');
const resend = new Webhook(RESEND_SECRET);
let db: TestDatabase;
let downstream: Downstream;
let hub: HubProcess;
let ingressUrl: string;
let consoleUrl: string;
let jiraFixture: object;
let resendFixture: object;

interface Delivery {
  path: string;
  headers: Record<string, string>;
  body: string;
}

const now = () => Math.floor(Date.now() / 1000);
const stripeBody = (id = `evt_${randomBytes(12).toString('hex')}`, extra: object = {}) => JSON.stringify({ ...(stripeConnector.fixtures['payment_intent.succeeded'] as object), ...extra, id });
const stripeHeaders = (body: string, secret = STRIPE_SECRET, timestamp = now()) => ({ 'content-type': 'application/json', 'stripe-signature': stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp }) });
const githubBody = () => JSON.stringify({ ...(github.fixtures.push as object), after: randomBytes(20).toString('hex') });
const githubHeaders = async (body: string, secret = GITHUB_SECRET, delivery = randomUUID(), event = 'push') => ({ 'content-type': 'application/json', 'x-hub-signature-256': await githubSign(secret, body), 'x-github-event': event, 'x-github-delivery': delivery });
const shopifyBody = () => JSON.stringify({ ...(shopify.fixtures['orders/create'] as object), id: Number.parseInt(randomBytes(5).toString('hex'), 16) });
const shopifyHeaders = (body: string, secret: string, webhookId = randomUUID()) => ({ 'content-type': 'application/json', 'x-shopify-hmac-sha256': createHmac('sha256', secret).update(body).digest('base64'), 'x-shopify-topic': 'orders/create', 'x-shopify-webhook-id': webhookId });
const jiraBody = () => JSON.stringify({ ...jiraFixture, timestamp: Date.now() + Math.floor(Math.random() * 1e6) });
const jiraHeaders = (body: string, secret: string, identifier = randomUUID()) => ({ 'content-type': 'application/json', 'x-hub-signature': `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`, 'x-atlassian-webhook-identifier': identifier });
const resendBody = () => JSON.stringify({ ...resendFixture, created_at: new Date().toISOString() });
const resendHeaders = (body: string, id = `msg_${randomUUID()}`, at = new Date(), webhook = resend) => ({ 'content-type': 'application/json', 'svix-id': id, 'svix-timestamp': String(Math.floor(at.getTime() / 1000)), 'svix-signature': webhook.sign(id, at, body) });

async function post({ path: target, headers, body }: Delivery): Promise<{ status: number; json: Record<string, unknown> }> {
  const res = await fetch(`${ingressUrl}${target}`, { method: 'POST', headers, body });
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

/** Sends `delivery`, and proves from the database that nothing was stored and nothing queued. */
async function refusedWithNothingStored(delivery: Delivery): Promise<{ status: number; code: unknown }> {
  const before = await ingested(db.admin);
  const { status, json } = await post(delivery);
  expect(await ingested(db.admin)).toEqual(before);
  return { status, code: (json.error as { code?: string } | undefined)?.code };
}

/** Sends the first delivery (stored), then `again` (a replay): 200, the first event's id, nothing stored or queued. */
async function replayedWithNothingStored(first: Delivery, again: Delivery): Promise<void> {
  const original = await post(first);
  expect(original.status).toBe(202);
  const before = await ingested(db.admin);
  const replay = await post(again);
  expect(replay).toEqual({ status: 200, json: { eventId: original.json.eventId, duplicate: true } });
  expect(await ingested(db.admin)).toEqual(before);
}

async function received(eventId: unknown): Promise<{ account: string | null; data: Record<string, unknown> }> {
  const { rows } = await db.admin.query('SELECT account, data FROM events WHERE id = $1', [eventId]);
  return rows[0];
}

beforeAll(async () => {
  db = await createTestDatabase('sec_ingress');
  downstream = await startDownstream();
  jiraFixture = (await yamlConnector('jira')).fixtures['jira:issue_created'] as object;
  resendFixture = (await yamlConnector('resend')).fixtures['email.sent'] as object;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-sec-ingress-'));
  const routes = path.join(dir, 'hub.config.yaml');
  // The route hands the worker's view of the account ($account, from events.account) to the downstream.
  const route = { name: 'shop-orders', on: { connector: 'shopify', event: 'orders/create' }, action: { connector: 'http', name: 'post' }, input: `{ "url": "${downstream.url}/orders", "body": { "order": id, "account": $account, "hubEventId": $eventId } }` };
  await writeFile(routes, stringify({ routes: [route] }));
  const env = hubUpEnv(db.url, db.schema, {
    HUB_QUEUE_PREFIX: testQueuePrefix('secingress'),
    HUB_MASTER_KEYS: `k1:${randomBytes(32).toString('base64')}`,
    HUB_CONFIG_FILE: routes,
    HUB_OUTBOUND_ALLOWED_HOSTS: new URL(downstream.url).host,
    HUB_CONSOLE_TOKEN: CONSOLE_TOKEN,
    // This file attacks signatures, not the refusal limit (ingress-refusal-limit.test.ts does): loopback is exempt here.
    HUB_INGRESS_RATE_LIMIT_EXEMPT: '127.0.0.0/8',
    STRIPE_WEBHOOK_SECRET: STRIPE_SECRET,
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
    RESEND_WEBHOOK_SECRET: RESEND_SECRET,
    SHOPIFY_WEBHOOK_SECRET: SHOPIFY_APP_SECRET,
    JIRA_WEBHOOK_SECRET: JIRA_SECRET,
  });
  // Per-account secrets the way an operator sets them: through the CLI, the value on standard input.
  for (const [connector, account, secret] of [['shopify', SHOP_A, SHOP_A_SECRET], ['shopify', SHOP_B, SHOP_B_SECRET], ['jira', 'acme', JIRA_ACME_SECRET]] as const) {
    const set = await runHubWithStdin(['credentials', 'set', connector, '--account', account, '--webhook-secret'], env, `${secret}\n`, dir);
    expect(set.code, set.output).toBe(0);
    expect(set.output).not.toContain(secret);
  }
  hub = spawnHub(['up'], env, dir);
  ingressUrl = /(http:\/\/[^/\s]+)/.exec(String((await hub.waitForLog(/^ingress\s+http/, 45_000)).msg))?.[1] as string;
  consoleUrl = /(http:\/\/[^/\s]+)/.exec(String((await hub.waitForLog(/^console\s+http/)).msg))?.[1] as string;
}, 90_000);
afterAll(async () => {
  await hub?.kill();
  await downstream?.close();
  await db?.drop();
});

describe('forged, stale, future-dated, tampered and re-serialised webhooks are refused, nothing stored or queued', () => {
  const signedThenChanged = (body: string) => body.replace('"amount":', '"amount":1');
  const cases: [string, () => Delivery | Promise<Delivery>, string][] = [
    ['Stripe signed with another secret (forged)', () => ((b) => ({ path: '/webhooks/stripe', headers: stripeHeaders(b, `whsec_${randomBytes(24).toString('base64')}`), body: b }))(stripeBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['Stripe dated 301 s ago (stale)', () => ((b) => ({ path: '/webhooks/stripe', headers: stripeHeaders(b, STRIPE_SECRET, now() - 301), body: b }))(stripeBody()), 'HUB_WEBHOOK_TIMESTAMP_STALE'],
    // Ahead by 310 s, not 301: both sides count whole seconds, and a second boundary passing before the check made 301 read as 300 (accepted).
    ['Stripe dated 310 s ahead (future)', () => ((b) => ({ path: '/webhooks/stripe', headers: stripeHeaders(b, STRIPE_SECRET, now() + 310), body: b }))(stripeBody()), 'HUB_WEBHOOK_TIMESTAMP_STALE'],
    ['Stripe with the body changed after signing (tampered)', () => ((b) => ({ path: '/webhooks/stripe', headers: stripeHeaders(b), body: signedThenChanged(b) }))(stripeBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['Stripe signed pretty-printed, sent compact (re-serialised)', () => ((b) => ({ path: '/webhooks/stripe', headers: stripeHeaders(JSON.stringify(JSON.parse(b), null, 2)), body: b }))(stripeBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['Stripe with a v0 signature only', () => ((b) => ({ path: '/webhooks/stripe', headers: { 'content-type': 'application/json', 'stripe-signature': `t=${now()},v0=${createHmac('sha256', STRIPE_SECRET).update(`${now()}.${b}`).digest('hex')}` }, body: b }))(stripeBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['Stripe without a signature', () => ({ path: '/webhooks/stripe', headers: { 'content-type': 'application/json' }, body: stripeBody() }), 'HUB_WEBHOOK_SIGNATURE_MISSING'],
    ['GitHub signed with another secret (forged)', async () => ((b) => githubHeaders(b, 'not-the-github-secret-0001').then((headers) => ({ path: '/webhooks/github', headers, body: b })))(githubBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['GitHub with the body changed after signing (tampered)', async () => ((b) => githubHeaders(b).then((headers) => ({ path: '/webhooks/github', headers, body: b.replace('"ref":"', '"ref":"x') })))(githubBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['GitHub signed compact, sent pretty-printed (re-serialised)', async () => ((b) => githubHeaders(b).then((headers) => ({ path: '/webhooks/github', headers, body: JSON.stringify(JSON.parse(b), null, 2) })))(githubBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['GitHub with only the legacy SHA-1 header', () => ((b) => ({ path: '/webhooks/github', headers: { 'content-type': 'application/json', 'x-hub-signature': `sha1=${createHmac('sha1', GITHUB_SECRET).update(b).digest('hex')}`, 'x-github-event': 'push', 'x-github-delivery': randomUUID() }, body: b }))(githubBody()), 'HUB_WEBHOOK_SIGNATURE_MISSING'],
    ['Standard Webhooks (Resend) dated 301 s ago (stale)', () => ((b) => ({ path: '/webhooks/resend', headers: resendHeaders(b, undefined, new Date(Date.now() - 301_000)), body: b }))(resendBody()), 'HUB_WEBHOOK_TIMESTAMP_STALE'],
    ['Standard Webhooks (Resend) dated 310 s ahead (future)', () => ((b) => ({ path: '/webhooks/resend', headers: resendHeaders(b, undefined, new Date(Date.now() + 310_000)), body: b }))(resendBody()), 'HUB_WEBHOOK_TIMESTAMP_STALE'],
    ['Standard Webhooks (Resend) signed with another key (forged)', () => ((b) => ({ path: '/webhooks/resend', headers: resendHeaders(b, undefined, new Date(), new Webhook(`whsec_${randomBytes(32).toString('base64')}`)), body: b }))(resendBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['Standard Webhooks (Resend) with its signed message id swapped', () => ((b) => ({ path: '/webhooks/resend', headers: { ...resendHeaders(b), 'svix-id': `msg_${randomUUID()}` }, body: b }))(resendBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['Shopify signed with another secret (forged)', () => ((b) => ({ path: '/webhooks/shopify', headers: shopifyHeaders(b, 'not-the-shopify-secret-01'), body: b }))(shopifyBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
    ['Jira with the body changed after signing (tampered)', () => ((b) => ({ path: '/webhooks/jira', headers: jiraHeaders(b, JIRA_SECRET), body: b.replace('"issue"', '"issue" ') }))(jiraBody()), 'HUB_WEBHOOK_SIGNATURE_INVALID'],
  ];

  it.each(cases)('%s', async (_name, build, code) => {
    const answer = await refusedWithNothingStored(await build());
    expect(answer).toEqual({ status: 401, code });
  });

  it('the same deliveries correctly signed are accepted (the refusals above are not an ingress that accepts nothing)', async () => {
    const s = stripeBody();
    const g = githubBody();
    const r = resendBody();
    const j = jiraBody();
    const accepted = await Promise.all([
      post({ path: '/webhooks/stripe', headers: stripeHeaders(s), body: s }),
      post({ path: '/webhooks/github', headers: await githubHeaders(g), body: g }),
      post({ path: '/webhooks/resend', headers: resendHeaders(r), body: r }),
      post({ path: '/webhooks/jira', headers: jiraHeaders(j, JIRA_SECRET), body: j }),
    ]);
    expect(accepted.map((a) => a.status)).toEqual([202, 202, 202, 202]);
  });
});

describe('cross-account: an account is proven by its own secret only', () => {
  it("refuses account A's signature sent to account B's URL", async () => {
    const body = shopifyBody();
    expect(await refusedWithNothingStored({ path: `/webhooks/shopify/${SHOP_B}`, headers: shopifyHeaders(body, SHOP_A_SECRET), body })).toEqual({ status: 401, code: 'HUB_WEBHOOK_SIGNATURE_INVALID' });
    const jira = jiraBody();
    expect(await refusedWithNothingStored({ path: '/webhooks/jira/other-site', headers: jiraHeaders(jira, JIRA_ACME_SECRET), body: jira })).toEqual({ status: 401, code: 'HUB_WEBHOOK_SIGNATURE_INVALID' });
  });

  it('refuses the connector-wide secret for an account that has its own', async () => {
    const body = shopifyBody();
    expect(await refusedWithNothingStored({ path: `/webhooks/shopify/${SHOP_A}`, headers: shopifyHeaders(body, SHOPIFY_APP_SECRET), body })).toEqual({ status: 401, code: 'HUB_WEBHOOK_SIGNATURE_INVALID' });
    const jira = jiraBody();
    expect(await refusedWithNothingStored({ path: '/webhooks/jira/acme', headers: jiraHeaders(jira, JIRA_SECRET), body: jira })).toEqual({ status: 401, code: 'HUB_WEBHOOK_SIGNATURE_INVALID' });
  });

  it('runs a delivery proven by its account secret with that account, and one verified by the app secret without any, showing the claim in the console', async () => {
    const provenBody = shopifyBody();
    const proven = await post({ path: `/webhooks/shopify/${SHOP_A}`, headers: shopifyHeaders(provenBody, SHOP_A_SECRET), body: provenBody });
    const claimedBody = shopifyBody();
    const claimed = await post({ path: '/webhooks/shopify/victim.myshopify.com', headers: shopifyHeaders(claimedBody, SHOPIFY_APP_SECRET), body: claimedBody });
    expect([proven.status, claimed.status]).toEqual([202, 202]);
    expect(await received(proven.json.eventId)).toMatchObject({ account: SHOP_A, data: { claimedAccount: SHOP_A, verifiedWith: 'account-secret' } });
    expect(await received(claimed.json.eventId)).toMatchObject({ account: null, data: { claimedAccount: 'victim.myshopify.com', verifiedWith: 'connector-secret' } });

    // The worker binds $account from events.account: the claimed shop never reaches the action.
    const delivered = await waitFor('both orders at the downstream', () => {
      const byEvent = new Map(downstream.sideEffects.map((r) => [(r.body as { hubEventId?: string }).hubEventId, r.body as { account: unknown }]));
      const a = byEvent.get(proven.json.eventId as string);
      const b = byEvent.get(claimed.json.eventId as string);
      return a && b ? { proven: a, claimed: b } : undefined;
    }, 30_000);
    expect(delivered.proven.account).toBe(SHOP_A);
    expect(delivered.claimed.account).toBeNull();

    const view = (await (await fetch(`${consoleUrl}/api/events/${String(claimed.json.eventId)}`, { headers: { authorization: `Bearer ${CONSOLE_TOKEN}` } })).json()) as { account: unknown; timeline: { type: string; data: Record<string, unknown> }[] };
    expect(view.account).toBeNull();
    expect(view.timeline.find((e) => e.type === 'webhook.received')?.data).toMatchObject({ claimedAccount: 'victim.myshopify.com', verifiedWith: 'connector-secret' });
  }, 45_000);
});

describe('replayed deliveries are deduplicated: 200 with the first event id, nothing stored or queued', () => {
  it('Stripe: the same event id again, freshly signed', async () => {
    const body = stripeBody();
    await replayedWithNothingStored({ path: '/webhooks/stripe', headers: stripeHeaders(body), body }, { path: '/webhooks/stripe', headers: stripeHeaders(body, STRIPE_SECRET, now() - 5), body });
  });

  it('Standard Webhooks (Resend): the same message id again, freshly signed', async () => {
    const body = resendBody();
    const id = `msg_${randomUUID()}`;
    await replayedWithNothingStored({ path: '/webhooks/resend', headers: resendHeaders(body, id), body }, { path: '/webhooks/resend', headers: resendHeaders(body, id, new Date(Date.now() - 5_000)), body });
  });

  it('GitHub: the same delivery id again', async () => {
    const body = githubBody();
    const headers = await githubHeaders(body);
    await replayedWithNothingStored({ path: '/webhooks/github', headers, body }, { path: '/webhooks/github', headers, body });
  });

  it('GitHub: the captured body under a new delivery id and another event name (no signed timestamp: caught by the body digest)', async () => {
    const body = githubBody();
    await replayedWithNothingStored({ path: '/webhooks/github', headers: await githubHeaders(body), body }, { path: '/webhooks/github', headers: await githubHeaders(body, GITHUB_SECRET, randomUUID(), 'issues'), body });
  });

  it("Shopify: a shop's captured body under a new webhook id", async () => {
    const body = shopifyBody();
    await replayedWithNothingStored({ path: `/webhooks/shopify/${SHOP_B}`, headers: shopifyHeaders(body, SHOP_B_SECRET), body }, { path: `/webhooks/shopify/${SHOP_B}`, headers: shopifyHeaders(body, SHOP_B_SECRET), body });
  });

  it("Shopify: a body signed with the app secret re-posted to another shop's URL", async () => {
    const body = shopifyBody();
    await replayedWithNothingStored({ path: '/webhooks/shopify/shop-x.myshopify.com', headers: shopifyHeaders(body, SHOPIFY_APP_SECRET), body }, { path: '/webhooks/shopify/shop-y.myshopify.com', headers: shopifyHeaders(body, SHOPIFY_APP_SECRET), body });
  });

  it('Jira: the captured body under a new webhook identifier', async () => {
    const body = jiraBody();
    await replayedWithNothingStored({ path: '/webhooks/jira/acme', headers: jiraHeaders(body, JIRA_ACME_SECRET), body }, { path: '/webhooks/jira/acme', headers: jiraHeaders(body, JIRA_ACME_SECRET), body });
  });
});
