import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { SharedCircuitBreakers, type CircuitTransition } from '@hub/core/circuit-breaker';
import { hubError } from '@hub/core/errors';
import { readRateLimitHeadroom } from '@hub/core/health';
import { InProcessRedis } from '@hub/core/in-process-redis';
import { connectRedis, RateLimiter } from '@hub/core/rate-limit';
import { RedisLease } from '@hub/core/redis-lease';
import { testLogger } from './support/silent-logger.js';
import { useTestRedis } from './support/test-redis.js';

// hub up without a Redis keeps circuit, rate-limit and lease state in the in-process store. The
// same callers, over redis-server and over that store, must give the same answers.
const real = useTestRedis('inproc-contract');
const memory = new InProcessRedis().asRedis();
const backends: [string, () => Redis][] = [
  ['redis-server', () => real.redis],
  ['the in-process store', () => memory],
];
const policy = { points: 3, durationMs: 1_000, scope: 'connector' as const };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const settle = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code?: string }) => err.code ?? 'error');

describe.each(backends)('over %s', (_name, redisOf) => {
  const prefix = () => `${real.prefix}${randomBytes(3).toString('hex')}:`;

  it('a lease has one holder; renew and release act only for the holder', async () => {
    const key = `${prefix()}lease`;
    const a = new RedisLease(redisOf(), key, 5_000);
    const b = new RedisLease(redisOf(), key, 5_000);
    expect([await a.acquire(), await b.acquire()]).toEqual([true, false]);
    expect(await b.renew()).toBe(false);
    await b.release(); // not b's: a keeps it
    expect(await redisOf().pttl(key)).toBeGreaterThan(4_000);
    expect(await a.renew()).toBe(true);
    await a.release();
    expect(await redisOf().pttl(key)).toBe(-2);
    expect(await b.acquire()).toBe(true);
    await b.release();
  });

  it('a lease nobody renews is free again after its TTL', async () => {
    const key = `${prefix()}ttl`;
    expect(await new RedisLease(redisOf(), key, 150).acquire()).toBe(true);
    expect(await new RedisLease(redisOf(), key, 150).acquire()).toBe(false);
    await sleep(200);
    expect(await new RedisLease(redisOf(), key, 150).acquire()).toBe(true);
  });

  it('the rate limiter admits the policy’s points per window, then says how long to wait; a block holds every call', async () => {
    const p = prefix();
    const limiter = new RateLimiter({ redis: redisOf(), prefix: p, log: testLogger, marginMs: 0 });
    const verdicts = [];
    for (let i = 0; i < 4; i += 1) verdicts.push(await limiter.acquire('stripe:api.stripe.com', policy));
    expect(verdicts.map((v) => v.allowed)).toEqual([true, true, true, false]);
    const wait = (verdicts[3] as { retryAfterMs: number }).retryAfterMs;
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(1_001);
    // The answers are back: the permits count for one window from now, then free their slots.
    for (const v of verdicts) if (v.allowed) await v.settle();
    const headroom = await readRateLimitHeadroom({ redis: redisOf(), prefix: p, policyFor: () => policy }, 'stripe');
    expect(headroom?.keys).toEqual([{ key: 'stripe:api.stripe.com', used: 3, remaining: 0, blockedForMs: 0 }]);
    await sleep(1_050);
    expect((await limiter.acquire('stripe:api.stripe.com', policy)).allowed).toBe(true);

    await limiter.block('stripe:api.stripe.com', 5_000);
    const blocked = await limiter.acquire('stripe:api.stripe.com', policy);
    expect(blocked.allowed).toBe(false);
    expect((blocked as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(4_000);
    expect((await limiter.blockedFor('stripe:api.stripe.com')).allowed).toBe(false);
  });

  it('a circuit opened by one breaker is open for the other; after the reset timeout one probe closes it', async () => {
    const p = prefix();
    const transitions: CircuitTransition[] = [];
    const breakerPolicy = { errorThresholdPercentage: 50, volumeThreshold: 3, rollingCountTimeout: 10_000, resetTimeout: 300 };
    const [a, b] = [0, 1].map(() => new SharedCircuitBreakers({ redis: redisOf(), prefix: p, log: testLogger, onTransition: async (_k, t) => void transitions.push(t) })) as [SharedCircuitBreakers, SharedCircuitBreakers];
    let down = true;
    let calls = 0;
    const call = async () => {
      calls += 1;
      if (down) throw hubError('HUB_ACTION_TRANSIENT', 'answered 503');
      return 'ok';
    };
    for (let i = 0; i < 4; i += 1) await settle(a.run('stripe', breakerPolicy, call));
    await sleep(50); // the open is written asynchronously
    const before = calls;
    expect(await settle(b.run('stripe', breakerPolicy, call))).toBe('HUB_CIRCUIT_OPEN');
    expect(calls).toBe(before);
    await sleep(breakerPolicy.resetTimeout + 50);
    down = false;
    const probes = await Promise.all(Array.from({ length: 6 }, (_, i) => settle((i % 2 ? a : b).run('stripe', breakerPolicy, call))));
    expect(probes.filter((r) => r === 'ok')).toHaveLength(1);
    expect(transitions).toEqual(['opened', 'closed']);
  });
});

describe('the in-process store', () => {
  it('is what connectRedis returns for a memory:// URL, one store per URL in the process', async () => {
    const a = await connectRedis('memory://contract-a', testLogger);
    await a.set('k', 'v', 'PX', 10_000);
    expect(await (await connectRedis('memory://contract-a', testLogger)).get('k')).toBe('v');
    expect(await (await connectRedis('memory://contract-b', testLogger)).get('k')).toBeNull();
  });

  it('refuses a script it has no twin for (callers then treat Redis as unavailable)', async () => {
    await expect(memory.eval('return 1', 0)).rejects.toMatchObject({ code: 'HUB_IN_PROCESS_REDIS_UNSUPPORTED' });
  });
});
