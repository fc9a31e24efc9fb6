import { randomUUID } from 'node:crypto';
import { buildApp as buildConsole } from '@hub/console';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { LATENCY_BOUNDS_MS, percentileFromBuckets } from '@hub/core/health';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectors } from './support/repo-connectors.js';
import { testLogger } from './support/silent-logger.js';
import { useTestRedis } from './support/test-redis.js';
import { startTestHub, type TestHub } from './support/test-hub.js';

// The connector page's drift list and per-account section read these two routes; the events are
// appended directly (the rollup trigger keeps the per-account figures), so every expected figure
// is what this file inserted.
const TOKEN = 'console-token-drift-accounts-api-0123456789';
const HOSTILE_SHOP = '<img src=x onerror=alert(1)>.myshopify.com';
const ODD_FIELD = 'la"bel\\x';
let hub: TestHub;
let viewer: string;
const redisHandle = useTestRedis('driftaccounts');
let limited: ReturnType<typeof buildConsole>;

type Json = Record<string, unknown>;
const auth = (token = TOKEN) => ({ authorization: `Bearer ${token}` });
const get = async (url: string, token = TOKEN, app = hub.console) => app.inject({ method: 'GET', url, headers: auth(token) });

async function append(connector: string, account: string | null, stream: string, type: string, data: Json): Promise<void> {
  await hub.resources.store.append([{ stream, connector, account, type, data }]);
}

/** One shop's webhook with its outcome and the outbound calls it made (durations in ms). */
async function shopWebhook(shop: string, outcome: 'processed' | 'dead_lettered', calls: { ok: boolean; ms: number }[]): Promise<void> {
  const stream = randomUUID();
  const events = [
    { type: 'webhook.received', data: { eventType: 'orders/create', payload: { id: 1 } } },
    ...calls.map((c) => ({ type: c.ok ? 'action.succeeded' : 'action.failed', data: { action: 'getOrder', durationMs: c.ms, ...(c.ok ? {} : { class: 'permanent' }) } })),
    ...(outcome === 'processed' ? [{ type: 'webhook.processed', data: {} }] : [{ type: 'webhook.failed', data: { class: 'permanent' } }, { type: 'webhook.dead_lettered', data: { class: 'permanent' } }]),
  ];
  await hub.resources.store.append(events.map((e) => ({ stream, connector: 'shopify', account: shop, ...e })));
}

const bucketOf = (ms: number) => LATENCY_BOUNDS_MS.filter((b) => b <= ms).length;
function expectedPercentile(durations: number[], q: number): number {
  const counts = Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, () => 0);
  for (const d of durations) counts[bucketOf(d)] = (counts[bucketOf(d)] ?? 0) + 1;
  return Math.round(percentileFromBuckets(counts, q) as number);
}

beforeAll(async () => {
  hub = await startTestHub({ label: 'driftaccapi', workerConnectors: [], consoleToken: TOKEN, relay: false });
  viewer = (await new ApiTokenStore(hub.resources.pool).create({ name: 'drift-viewer', role: 'viewer', actor: 'test' })).token;
  const { redis, prefix } = redisHandle;
  limited = buildConsole({
    store: hub.resources.store,
    queues: hub.resources.queues,
    connectors,
    log: testLogger,
    access: { bootstrapToken: TOKEN, openReadsWithoutCredential: false },
    rateLimits: { redis, prefix, policyFor: (id) => (id === 'shopify' ? { points: 40, durationMs: 20_000, scope: 'account' } : undefined) },
  });
}, 60_000);
afterAll(async () => {
  await limited?.close();
  await hub?.stop();
});

describe('GET /api/connectors/:connector/drift (pending)', () => {
  const base = { id: 'cus_1', data: { object: { email: 'a@example.com', seq: 1 } } };
  const tagged = (seq: number | string) => ({ id: 'cus_2', data: { object: { email: 'b@example.com', seq, tier: 'gold', [ODD_FIELD]: 1 } } });
  const received = (payload: unknown, type = 'customer.created') => ({ eventType: type, payload });
  const ids = { first: randomUUID(), second: randomUUID(), retyped: randomUUID(), next: randomUUID() };

  beforeAll(async () => {
    await append('stripe', null, randomUUID(), 'webhook.received', received(base));
    // The first drift: two fields added (one with a quote and a backslash in its name).
    await append('stripe', 'acct_1', ids.first, 'webhook.received', received(tagged(1)));
    await append('stripe', 'acct_1', ids.first, 'schema.drift', { eventType: 'customer.created', added: [{ path: 'data.object.tier', type: 'string' }, { path: `data.object.${ODD_FIELD}`, type: 'number' }], removed: [], retyped: [] });
    await append('stripe', 'acct_1', ids.second, 'webhook.received', received(tagged(2)));
    // Then seq turns into a string, and that webhook is quarantined.
    await append('stripe', 'acct_1', ids.retyped, 'webhook.received', received(tagged('3')));
    await append('stripe', 'acct_1', ids.retyped, 'schema.drift', { eventType: 'customer.created', added: [], removed: [], retyped: [{ path: 'data.object.seq', from: 'number', to: 'string' }] });
    await append('stripe', 'acct_1', ids.retyped, 'webhook.quarantined', { class: 'data_format', code: 'HUB_DATA_FORMAT' });
    await append('stripe', 'acct_1', ids.next, 'webhook.received', received(tagged('4')));
    // Another event type drifted and was accepted: not pending.
    const updated = randomUUID();
    await append('stripe', null, updated, 'webhook.received', received({ id: 'x', extra: 1 }, 'customer.updated'));
    await append('stripe', null, updated, 'schema.drift', { eventType: 'customer.updated', added: [{ path: 'extra', type: 'number' }], removed: [], retyped: [] });
    await append('stripe', null, randomUUID(), 'schema.drift_accepted', { eventType: 'customer.updated', distinctShapes: 2, fields: 2, resolvedAlertId: null });
  });

  it('lists one entry per unaccepted event type: the folded diff, reports, new-shape and quarantined counts, and the latest sample', async () => {
    const res = await get('/api/connectors/stripe/drift');
    expect(res.statusCode).toBe(200);
    const { pending, canAccept } = res.json() as { pending: Json[]; canAccept: Json };
    expect(canAccept).toEqual({ allowed: true });
    expect(pending).toHaveLength(1);
    const [entry] = pending;
    expect(entry).toMatchObject({
      eventType: 'customer.created',
      diff: { added: [{ path: 'data.object.tier', type: 'string' }, { path: `data.object.${ODD_FIELD}`, type: 'number' }], removed: [], retyped: [{ path: 'data.object.seq', from: 'number', to: 'string' }] },
      reports: 2,
      // ids.retyped and ids.next have both added fields and the string seq; ids.first and ids.second have a number.
      newShapeEvents: 2,
      newShapeEventsCapped: false,
      sampleEventId: ids.retyped,
      quarantined: 1,
    });
    const firstReceived = (await hub.db.admin.query(`SELECT created_at FROM events WHERE stream = $1 AND type = 'webhook.received'`, [ids.first])).rows[0]?.created_at as Date;
    const nextReceived = (await hub.db.admin.query(`SELECT created_at FROM events WHERE stream = $1 AND type = 'webhook.received'`, [ids.next])).rows[0]?.created_at as Date;
    expect(entry?.firstSeenAt).toBe(firstReceived.toISOString());
    expect(entry?.lastSeenAt).toBe(nextReceived.toISOString());
  });

  it("with an account, counts only that account's webhooks and lists only the drifts it sent", async () => {
    expect(((await get('/api/connectors/stripe/drift?account=acct_1')).json() as { pending: Json[] }).pending).toMatchObject([{ eventType: 'customer.created', newShapeEvents: 2, quarantined: 1 }]);
    expect(((await get(`/api/connectors/stripe/drift?account=${encodeURIComponent(HOSTILE_SHOP)}`)).json() as { pending: Json[] }).pending).toEqual([]);
  });

  it('tells a viewer why it may not accept; after an operator accepts, the entry is gone', async () => {
    expect(((await get('/api/connectors/stripe/drift', viewer)).json() as { canAccept: Json }).canAccept).toEqual({ allowed: false, why: expect.stringContaining('viewer token') });
    const accepted = await hub.console.inject({ method: 'POST', url: '/api/connectors/stripe/drift/customer.created/accept', headers: auth() });
    // Nothing observed_shapes knows of (the events were appended directly): the route says so and nothing changes.
    expect(accepted.statusCode).toBe(404);
    await hub.db.admin.query(`INSERT INTO observed_shapes (connector, event_type, shape) VALUES ('stripe', 'customer.created', '{"shapes": 3, "paths": {}}')`);
    expect((await hub.console.inject({ method: 'POST', url: '/api/connectors/stripe/drift/customer.created/accept', headers: auth() })).statusCode).toBe(200);
    expect(((await get('/api/connectors/stripe/drift')).json() as { pending: Json[] }).pending).toEqual([]);
  });
});

describe('GET /api/connectors/:connector/accounts', () => {
  beforeAll(async () => {
    for (let i = 0; i < 10; i += 1) await shopWebhook('shop-a.myshopify.com', 'processed', [{ ok: true, ms: 100 }]);
    await shopWebhook('shop-b.myshopify.com', 'processed', [{ ok: true, ms: 200 }]);
    await shopWebhook('shop-b.myshopify.com', 'processed', [{ ok: true, ms: 200 }]);
    await shopWebhook('shop-b.myshopify.com', 'dead_lettered', [{ ok: false, ms: 400 }]);
    await shopWebhook('shop-b.myshopify.com', 'dead_lettered', [{ ok: false, ms: 400 }]);
    for (let i = 0; i < 3; i += 1) await shopWebhook('shop-c.myshopify.com', 'processed', []);
    await shopWebhook(HOSTILE_SHOP, 'processed', []);
    // The limiter's sliding-window log of shop-a (5 permits now) and a provider block on shop-b.
    const { redis, prefix } = redisHandle;
    const [seconds] = await redis.time();
    const nowMs = Number(seconds) * 1000;
    for (let i = 0; i < 5; i += 1) await redis.zadd(`${prefix}rl:shopify:shop-a.myshopify.com:shop-a.myshopify.com`, nowMs, `p${i}`);
    await redis.zadd(`${prefix}rl:shopify:shop-b.myshopify.com:shop-b.myshopify.com`, nowMs, 'p0');
    await redis.set(`${prefix}rl-block:shopify:shop-b.myshopify.com:shop-b.myshopify.com`, '1', 'PX', 60_000);
  });

  it('lists the failing account first, then the busiest, each with the figures inserted', async () => {
    const res = await get('/api/connectors/shopify/accounts?window=1h');
    expect(res.statusCode).toBe(200);
    const { window, accounts } = res.json() as { window: string; accounts: Json[] };
    expect(window).toBe('1h');
    expect(accounts.map((a) => a.account)).toEqual(['shop-b.myshopify.com', 'shop-a.myshopify.com', 'shop-c.myshopify.com', HOSTILE_SHOP]);
    expect(accounts[0]).toEqual({
      account: 'shop-b.myshopify.com',
      received: 4,
      processed: 2,
      successRate: 0.5,
      latencyMs: { p50: expectedPercentile([200, 200, 400, 400], 0.5), p95: expectedPercentile([200, 200, 400, 400], 0.95) },
      failures: { transient: 0, permanent: 2, dataFormat: 0, quarantined: 0, deadLettered: 2, callFailures: 2 },
      failing: true,
      calls: 4,
      throttled: 0,
      rateLimit: null,
    });
    expect(accounts[1]).toMatchObject({ received: 10, processed: 10, successRate: 1, failing: false, calls: 10, latencyMs: { p50: expectedPercentile(Array(10).fill(100), 0.5) } });
    expect(accounts[2]).toMatchObject({ received: 3, successRate: 1, latencyMs: { p50: null, p95: null }, failing: false });
    // The 24 h window reads the hourly rows: the same figures.
    const day = (await get('/api/connectors/shopify/accounts?window=24h')).json() as { accounts: Json[] };
    expect(day.accounts).toEqual(accounts);
  });

  it('filters to one account (names with markup pass through as data, encoded in the URL)', async () => {
    const one = (await get(`/api/connectors/shopify/accounts?account=${encodeURIComponent(HOSTILE_SHOP)}`)).json() as { accounts: Json[] };
    expect(one.accounts).toMatchObject([{ account: HOSTILE_SHOP, received: 1, processed: 1 }]);
    expect(((await get('/api/connectors/shopify/accounts?account=shop-z.myshopify.com')).json() as { accounts: Json[] }).accounts).toEqual([]);
  });

  it("reports each account's rate-limit headroom from the shared limiter when the policy is per account", async () => {
    const { accounts } = (await get('/api/connectors/shopify/accounts', TOKEN, limited)).json() as { accounts: { account: string; rateLimit: Json | null }[] };
    const byShop = new Map(accounts.map((a) => [a.account, a.rateLimit]));
    expect(byShop.get('shop-a.myshopify.com')).toEqual({ points: 40, remaining: 35, blockedForMs: 0 });
    expect(byShop.get('shop-b.myshopify.com')).toEqual({ points: 40, remaining: 39, blockedForMs: expect.any(Number) });
    expect((byShop.get('shop-b.myshopify.com') as { blockedForMs: number }).blockedForMs).toBeGreaterThan(0);
    expect(byShop.get('shop-c.myshopify.com')).toEqual({ points: 40, remaining: 40, blockedForMs: 0 });
  });

  it('refuses an unknown window and an unknown connector', async () => {
    const bad = await get('/api/connectors/shopify/accounts?window=7d');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'HUB_BAD_REQUEST' } });
    expect((await get('/api/connectors/nope/accounts')).json()).toMatchObject({ error: { code: 'HUB_CONNECTOR_UNKNOWN' } });
  });
});
