import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { useTestRedis } from '../../../../test/support/test-redis.js';
import { startPrivateRedis } from '../../../../test/support/private-redis.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { connectRedis } from './connect-redis.js';
import { RateLimiter } from './rate-limiter.js';
import { exhaustedUntilMs, rateLimitKey } from './limit-key.js';

const shared = useTestRedis('rl');
const prefix = shared.prefix;
const policy = { points: 5, durationMs: 1_000, scope: 'connector' as const };

describe('RateLimiter (Redis, shared)', () => {
  it('admits the declared number of calls in a window, then says how long to wait', async () => {
    const limiter = new RateLimiter({ redis: shared.redis, prefix, log: testLogger, marginMs: 0 });
    const verdicts = [];
    for (let i = 0; i < 7; i += 1) verdicts.push(await limiter.acquire('admit', policy));
    expect(verdicts.filter((v) => v.allowed)).toHaveLength(5);
    const refused = verdicts[6] as { allowed: false; retryAfterMs: number };
    expect(refused.allowed).toBe(false);
    expect(refused.retryAfterMs).toBeGreaterThan(0);
    expect(refused.retryAfterMs).toBeLessThanOrEqual(1_001);
  });

  it('shares one budget between limiters (replicas) on the same key', async () => {
    const a = new RateLimiter({ redis: shared.redis, prefix, log: testLogger });
    const b = new RateLimiter({ redis: shared.redis, prefix, log: testLogger });
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? a : b).acquire('shared', policy)));
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
  });

  it('keeps separate keys apart', async () => {
    const limiter = new RateLimiter({ redis: shared.redis, prefix, log: testLogger });
    for (let i = 0; i < 5; i += 1) await limiter.acquire('one', policy);
    expect((await limiter.acquire('one', policy)).allowed).toBe(false);
    expect((await limiter.acquire('two', policy)).allowed).toBe(true);
  });

  it('refuses every call while a provider-imposed block lasts, on every replica', async () => {
    const a = new RateLimiter({ redis: shared.redis, prefix, log: testLogger });
    const b = new RateLimiter({ redis: shared.redis, prefix, log: testLogger });
    await a.block('blocked', 7_000);
    const verdict = await b.acquire('blocked', policy);
    expect(verdict.allowed).toBe(false);
    expect((verdict as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(6_000);
  });

  it('counts a permit until a window after its answer came back, however long the call took', async () => {
    const limiter = new RateLimiter({ redis: shared.redis, prefix, log: testLogger, marginMs: 0 });
    const held = [];
    for (let i = 0; i < 5; i += 1) held.push(await limiter.acquire('held', policy));
    await new Promise((resolve) => setTimeout(resolve, 1_100)); // a window has passed since admission
    const whileHeld = await limiter.acquire('held', policy);
    expect(whileHeld.allowed).toBe(false); // the calls may be arriving at the provider only now
    expect((whileHeld as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(1_000);
    for (const verdict of held) if (verdict.allowed) await verdict.settle();
    expect((await limiter.acquire('held', policy)).allowed).toBe(false); // answered now: they count for a window from now
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    expect((await limiter.acquire('held', policy)).allowed).toBe(true);
  });

  it('frees the permits of a caller that never settles them (killed mid-call) after the hold', async () => {
    const limiter = new RateLimiter({ redis: shared.redis, prefix, log: testLogger, marginMs: 0, permitHoldMs: 300 });
    for (let i = 0; i < 5; i += 1) expect((await limiter.acquire('abandoned', policy)).allowed).toBe(true);
    expect((await limiter.acquire('abandoned', policy)).allowed).toBe(false);
    await new Promise((resolve) => setTimeout(resolve, 1_600)); // hold + window
    expect((await limiter.acquire('abandoned', policy)).allowed).toBe(true);
  });

  it('falls back to a per-process share of the limit when Redis is unreachable (fail closed)', async () => {
    const dead = new Redis('redis://127.0.0.1:1', { enableOfflineQueue: false, maxRetriesPerRequest: 0, lazyConnect: true, retryStrategy: () => null });
    dead.on('error', () => undefined);
    const limiter = new RateLimiter({ redis: dead, prefix, log: testLogger, fallbackShare: 0.4 });
    const results = [];
    for (let i = 0; i < 5; i += 1) results.push(await limiter.acquire('fallback', policy));
    expect(results.filter((r) => r.allowed)).toHaveLength(2); // 40 % of 5
    dead.disconnect();
  });

  it('counts the calls it admitted alone during an outage against the shared budget once Redis is back', async () => {
    const server = await startPrivateRedis();
    const redis = await connectRedis(server.url, testLogger);
    const limiter = new RateLimiter({ redis, prefix, log: testLogger, fallbackShare: 0.4 });
    try {
      await server.stop();
      const alone = [];
      for (let i = 0; i < 3; i += 1) alone.push(await limiter.acquire('outage', policy));
      expect(alone.filter((r) => r.allowed)).toHaveLength(2); // 40 % of 5, in this process only

      await server.start(); // a restarted Redis: its window has not seen those 2 calls
      await waitFor('Redis to answer again', async () => (await redis.ping().catch(() => undefined)) === 'PONG');
      const shared = [];
      for (let i = 0; i < 5; i += 1) shared.push(await limiter.acquire('outage', policy));
      expect(shared.filter((r) => r.allowed)).toHaveLength(3); // 5 in the window, not 5 + 2
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });
});

describe('rate-limit keys and provider signals', () => {
  it('keys by connector and host, and by account when the policy is per account', () => {
    expect(rateLimitKey('stripe', 'acct', 'https://api.stripe.com/v1/charges', 'connector')).toBe('stripe:api.stripe.com');
    expect(rateLimitKey('shopify', 'shop1.myshopify.com', 'https://shop1.myshopify.com/admin/api', 'account')).toBe('shopify:shop1.myshopify.com:shop1.myshopify.com');
  });

  it('reads an exhausted X-RateLimit budget as a wait until the reset', () => {
    const now = 1_700_000_000_000;
    expect(exhaustedUntilMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBe(30_000);
    expect(exhaustedUntilMs({ 'x-ratelimit-remaining': '3', 'x-ratelimit-reset': String(now / 1000 + 30) }, now)).toBeUndefined();
    expect(exhaustedUntilMs({ 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '12' }, now)).toBe(12_000);
  });

  it("reads Shopify's call-limit bucket: nearly full means wait for it to drain", () => {
    expect(exhaustedUntilMs({ 'x-shopify-shop-api-call-limit': '32/40' }, 0)).toBeUndefined();
    expect(exhaustedUntilMs({ 'x-shopify-shop-api-call-limit': '39/40' }, 0)).toBe(500);
    expect(exhaustedUntilMs({ 'x-shopify-shop-api-call-limit': '40/40' }, 0)).toBe(1_000);
  });

  it("reads Salesforce's daily allocation: used up means hold back for an hour", () => {
    expect(exhaustedUntilMs({ 'sforce-limit-info': 'api-usage=18/15000' }, 0)).toBeUndefined();
    expect(exhaustedUntilMs({ 'sforce-limit-info': 'api-usage=15000/15000' }, 0)).toBe(3_600_000);
  });
});
