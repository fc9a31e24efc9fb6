import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { useTestRedis } from '../../../../test/support/test-redis.js';
import { RateLimiter } from '../rate-limit/index.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { connectorHealth } from './connector-health.js';

let db: TestDatabase;
const redisHandle = useTestRedis('health');

async function event(connector: string, type: string, data: Record<string, unknown>, minutesAgo: number, { stream = uuidv7(), account = null as string | null } = {}): Promise<string> {
  // As the application role: the trigger that keeps the rollups runs with its grants.
  await db.pool.query(`INSERT INTO events (id, stream, connector, account, type, data, created_at) VALUES ($1, $2, $3, $4, $5, $6, now() - make_interval(mins => $7))`, [
    uuidv7(),
    stream,
    connector,
    account,
    type,
    data,
    minutesAgo,
  ]);
  return stream;
}

const within = (value: number | null | undefined, exact: number) => {
  // One log-spaced bucket spans a factor of sqrt(2): an interpolated percentile stays inside it.
  expect(value).not.toBeNull();
  expect(value as number).toBeGreaterThanOrEqual(exact / Math.SQRT2);
  expect(value as number).toBeLessThanOrEqual(exact * Math.SQRT2);
};

beforeAll(async () => {
  db = await createTestDatabase('health');
  // Last 5 minutes: 4 received (one for account acct_1), 3 processed, 1 dead-lettered, one transient failure on the way.
  const streams: string[] = [];
  for (let i = 0; i < 4; i += 1) streams.push(await event('stripe', 'webhook.received', {}, 1, i === 0 ? { account: 'acct_1' } : {}));
  for (const ms of [100, 200, 300]) await event('stripe', 'action.succeeded', { durationMs: ms }, 1);
  await event('stripe', 'action.failed', { class: 'transient', durationMs: 5000 }, 1);
  await event('stripe', 'action.throttled', { reason: 'HUB_CONNECTOR_RATE_LIMITED' }, 1);
  for (const stream of streams.slice(0, 3)) await event('stripe', 'webhook.processed', {}, 1, { stream });
  await event('stripe', 'webhook.failed', { class: 'transient' }, 1);
  await event('stripe', 'webhook.failed', { class: 'permanent' }, 1);
  await event('stripe', 'webhook.dead_lettered', { class: 'permanent' }, 1);
  // 30 minutes ago: one received and quarantined (inside 1 h, outside 5 m), and one still unfinished.
  const quarantined = await event('stripe', 'webhook.received', {}, 30);
  await event('stripe', 'webhook.quarantined', { class: 'data_format' }, 30, { stream: quarantined });
  await event('stripe', 'webhook.received', {}, 40);
  // 3 hours ago: a GitHub success (inside 24 h only); Shopify's circuit opened and is still open.
  await event('github', 'webhook.processed', {}, 180);
  await event('shopify', 'circuit.opened', { circuit: 'shopify:shop.example', until: new Date(Date.now() + 60_000).toISOString() }, 0);
  await event('github', 'circuit.opened', { circuit: 'github:api.github.com', until: new Date(Date.now() - 60_000).toISOString() }, 2);
});
afterAll(async () => {
  await db.drop();
});

describe('connectorHealth', () => {
  it('counts by window and class, computes the success rate and latency percentiles from the rollups', async () => {
    const [stripe] = await connectorHealth(db.pool, ['stripe']);
    const recent = stripe?.windows['5m'];
    expect(recent).toMatchObject({
      received: 4,
      processed: 3,
      failed: { transient: 1, permanent: 1, dataFormat: 0 },
      quarantined: 0,
      deadLettered: 1,
      throttled: 1,
      calls: 4,
      callFailures: 1,
      successRate: 0.75,
    });
    within(recent?.latencyMs.p50, 250); // between the 200 ms and 300 ms calls
    within(recent?.latencyMs.p99, 5000);
    expect(stripe?.windows['1h']).toMatchObject({ received: 6, quarantined: 1, failed: { dataFormat: 1 }, successRate: 0.6 });
    expect(stripe?.lastSuccessAt).toBeInstanceOf(Date);
    expect(stripe?.sinceLastSuccessMs).toBeLessThan(3 * 60_000);
  });

  it('reports the webhooks not finished yet and the age of the oldest', async () => {
    const [stripe] = await connectorHealth(db.pool, ['stripe']);
    // The 4th of the recent ones and the one received 40 minutes ago.
    expect(stripe?.queue.pending).toBe(2);
    expect(stripe?.queue.oldestAgeMs).toBeGreaterThanOrEqual(39 * 60_000);
    expect(stripe?.queue.oldestAgeMs).toBeLessThan(45 * 60_000);
    // Without SQS the queue figures are unknown, not zero.
    expect(stripe?.queue.depth).toBeNull();
  });

  it('counts the dead letters in the store: dead-lettered and not replayed since, whatever SQS holds', async () => {
    const dead = await event('dlqco', 'webhook.received', {}, 10);
    await event('dlqco', 'webhook.dead_lettered', { class: 'permanent' }, 9, { stream: dead });
    const redriven = await event('dlqco', 'webhook.received', {}, 10);
    await event('dlqco', 'webhook.dead_lettered', { class: 'redrive', reason: 'redrive' }, 9, { stream: redriven });
    const replayed = await event('dlqco', 'webhook.received', {}, 10);
    await event('dlqco', 'webhook.dead_lettered', { class: 'permanent' }, 9, { stream: replayed });
    await event('dlqco', 'webhook.replayed', {}, 8, { stream: replayed });
    const [dlqco, quiet] = await connectorHealth(db.pool, ['dlqco', 'quietco']);
    expect(dlqco?.queue.dlq).toBe(2);
    expect(quiet?.queue.dlq).toBe(0);
  });

  it('breaks the windows down per account when asked', async () => {
    const [stripe] = await connectorHealth(db.pool, ['stripe'], { byAccount: true });
    expect(stripe?.accounts?.map((a) => [a.account, a.windows['5m'].received])).toEqual([
      [null, 3],
      ['acct_1', 1],
    ]);
  });

  it('reports a connector with no traffic as empty, and its last success even outside the windows asked', async () => {
    const health = await connectorHealth(db.pool, ['github', 'zendesk']);
    const github = health.find((h) => h.connector === 'github');
    expect(github?.windows['5m']).toMatchObject({ received: 0, processed: 0, successRate: null, latencyMs: { p50: null } });
    expect(github?.windows['24h'].processed).toBe(1);
    expect(github?.lastSuccessAt).toBeInstanceOf(Date);
    const zendesk = health.find((h) => h.connector === 'zendesk');
    expect(zendesk?.lastSuccessAt).toBeNull();
    expect(zendesk?.queue).toMatchObject({ pending: 0, oldestAgeMs: null });
  });

  it('derives circuit state from the last circuit event: open until its reset time, then half-open', async () => {
    const health = await connectorHealth(db.pool, ['shopify', 'github', 'stripe']);
    expect(health.map((h) => h.circuit)).toEqual(['open', 'half_open', 'closed']);
    await event('shopify', 'circuit.closed', { circuit: 'shopify:shop.example' }, 0);
    const [shopify] = await connectorHealth(db.pool, ['shopify']);
    expect(shopify?.circuit).toBe('closed');
    expect(shopify?.circuits[0]).toMatchObject({ circuit: 'shopify:shop.example', state: 'closed', until: null });
  });

  it('reports rate-limit headroom: permits used in the current window against the policy, and a provider block', async () => {
    const { redis, prefix } = redisHandle;
    const policy = { points: 10, durationMs: 60_000, scope: 'connector' as const };
    const limiter = new RateLimiter({ redis, prefix, log: testLogger });
    for (let i = 0; i < 3; i += 1) expect((await limiter.acquire('hubspot:api.hubapi.com', policy)).allowed).toBe(true);
    await limiter.block('hubspot:api.hubapi.com', 30_000);
    const [hubspot, stripe] = await connectorHealth(db.pool, ['hubspot', 'stripe'], { rateLimits: { redis, prefix, policyFor: (c) => (c === 'hubspot' ? policy : undefined) } });
    expect(hubspot?.rateLimit).toMatchObject({ policy: { points: 10, durationMs: 60_000 }, headroom: 7, keys: [{ key: 'hubspot:api.hubapi.com', used: 3, remaining: 7 }] });
    expect(hubspot?.rateLimit?.keys[0]?.blockedForMs).toBeGreaterThan(20_000);
    expect(stripe?.rateLimit).toEqual({ policy: null, headroom: null, keys: [] });
  });
});
