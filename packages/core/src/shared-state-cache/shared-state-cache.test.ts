import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { startPrivateRedis, type PrivateRedis } from '../../../../test/support/private-redis.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { SharedCircuitBreakers } from '../circuit-breaker/index.js';
import { hubError } from '../errors/index.js';
import { InProcessRedis } from '../in-process-redis/index.js';
import { connectRedis, RateLimiter } from '../rate-limit/index.js';
import { SharedStateCache } from './shared-state-cache.js';

// A Redis of this file's own: the commands it served are counted (INFO commandstats).
let server: PrivateRedis;
let redis: Redis;
const caches: SharedStateCache[] = [];
const prefix = 'cache-test:';
const channel = `${prefix}shared-state`;
const policy = { errorThresholdPercentage: 50, volumeThreshold: 5, rollingCountTimeout: 10_000, resetTimeout: 60_000 };
// Long enough that only an announcement, never the age limit, can explain a change being seen.
const maxAgeMs = 60_000;

beforeAll(async () => {
  server = await startPrivateRedis();
  redis = await connectRedis(server.url, testLogger);
});
afterAll(async () => {
  await Promise.all(caches.map((c) => c.close()));
  redis.disconnect();
  await server.stop();
});

async function cacheOf(client: Redis): Promise<SharedStateCache> {
  const cache = await SharedStateCache.over({ redis: client, channel, log: testLogger, maxAgeMs });
  if (!cache) throw new Error('no cache over a redis-server');
  caches.push(cache);
  return cache;
}

/** How many times Redis has run `command` (e.g. 'get', 'pttl'). */
async function served(command: string): Promise<number> {
  const stats = await redis.info('commandstats');
  return Number(new RegExp(`cmdstat_${command}:calls=(\\d+)`).exec(stats)?.[1] ?? 0);
}

function replica(cache: SharedStateCache): SharedCircuitBreakers {
  return new SharedCircuitBreakers({ redis, prefix, log: testLogger, cache, onTransition: async () => undefined });
}

const settle = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code?: string }) => err.code ?? 'error');

describe('SharedStateCache', () => {
  it('reads a closed circuit from Redis once, not on every call', async () => {
    const breakers = replica(await cacheOf(redis));
    const before = await served('get');
    for (let i = 0; i < 100; i += 1) expect(await breakers.run('quiet', policy, async () => 'ok')).toBe('ok');
    expect((await served('get')) - before).toBe(1);
  });

  it('a hundred calls at once share one read', async () => {
    const breakers = replica(await cacheOf(redis));
    const before = await served('get');
    const results = await Promise.all(Array.from({ length: 100 }, () => breakers.run('crowd', policy, async () => 'ok')));
    expect(results.every((r) => r === 'ok')).toBe(true);
    expect((await served('get')) - before).toBe(1);
  });

  it('a circuit opened by one replica stops the calls of another that kept "closed", as soon as it is announced', async () => {
    const [a, b] = [replica(await cacheOf(redis)), replica(await cacheOf(await connectRedis(server.url, testLogger)))];
    let calls = 0;
    const healthy = async () => {
      calls += 1;
      return 'ok';
    };
    expect(await b.run('api', policy, healthy)).toBe('ok'); // b now keeps "closed"
    for (let i = 0; i < 6; i += 1) await settle(a.run('api', policy, () => Promise.reject(hubError('HUB_ACTION_TRANSIENT', 'answered 503'))));
    // b hears of it without waiting for its kept answer to age (a minute here).
    await waitFor("b refuses once a's announcement arrived", async () => (await settle(b.run('api', policy, healthy))) === 'HUB_CIRCUIT_OPEN', 2_000);
    const callsWhenRefused = calls;
    const whileOpen = await Promise.all(Array.from({ length: 10 }, () => settle(b.run('api', policy, healthy))));
    expect(whileOpen.every((r) => r === 'HUB_CIRCUIT_OPEN')).toBe(true);
    expect(calls).toBe(callsWhenRefused);
  });

  it("a provider's block set by one replica holds back another that kept \"no block\"", async () => {
    const a = new RateLimiter({ redis, prefix, log: testLogger, cache: await cacheOf(redis) });
    const b = new RateLimiter({ redis, prefix, log: testLogger, cache: await cacheOf(await connectRedis(server.url, testLogger)) });
    expect((await b.blockedFor('stripe')).allowed).toBe(true);
    const before = await served('pttl');
    expect((await b.blockedFor('stripe')).allowed).toBe(true); // kept: no read
    expect(await served('pttl')).toBe(before);
    await a.block('stripe', 5_000);
    await waitFor('b sees the block', async () => !(await b.blockedFor('stripe')).allowed, 2_000);
    const verdict = await b.blockedFor('stripe');
    expect(verdict.allowed).toBe(false);
    expect((verdict as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(3_000);
  });

  it('forgets what it kept when its listener drops (an announcement may be lost meanwhile)', async () => {
    const [a, b] = [replica(await cacheOf(redis)), replica(await cacheOf(await connectRedis(server.url, testLogger)))];
    expect(await b.run('dropped', policy, async () => 'ok')).toBe('ok'); // b keeps "closed"
    // Every listener's connection is closed: the announcement below reaches none of them.
    await redis.client('KILL', 'TYPE', 'pubsub');
    for (let i = 0; i < 6; i += 1) await settle(a.run('dropped', policy, () => Promise.reject(hubError('HUB_ACTION_TRANSIENT', 'answered 503'))));
    await waitFor('b reads the open circuit from Redis', async () => (await settle(b.run('dropped', policy, async () => 'ok'))) === 'HUB_CIRCUIT_OPEN', 5_000);
  });

  it('listens again after its connection comes back: it keeps answers, and hears of changes', async () => {
    const [a, b] = [replica(await cacheOf(redis)), replica(await cacheOf(await connectRedis(server.url, testLogger)))];
    await redis.client('KILL', 'TYPE', 'pubsub');
    const listeners = async () => Number(((await redis.pubsub('NUMSUB', channel)) as [string, number])[1]);
    // Every cache of this file listens on the channel: all of them are back.
    await waitFor('every listener subscribed again', async () => (await listeners()) === caches.length, 10_000);
    // Back and keeping: two calls in a row read Redis at most once.
    await waitFor('b keeps "closed" again', async () => {
      const start = await served('get');
      await b.run('back', policy, async () => 'ok');
      await b.run('back', policy, async () => 'ok');
      return (await served('get')) - start <= 1;
    }, 10_000);
    // And what it keeps goes when a opens the circuit (the subscription was restored, not only the flag).
    for (let i = 0; i < 6; i += 1) await settle(a.run('back', policy, () => Promise.reject(hubError('HUB_ACTION_TRANSIENT', 'answered 503'))));
    await waitFor('b refuses', async () => (await settle(b.run('back', policy, async () => 'ok'))) === 'HUB_CIRCUIT_OPEN', 2_000);
  });

  it('a circuit still opens and is recorded when its announcement cannot be sent', async () => {
    const publisher = await connectRedis(server.url, testLogger);
    const cache = await cacheOf(publisher);
    publisher.disconnect(); // the cache's connection is gone; the breaker's own still works
    const opened: string[] = [];
    const breakers = new SharedCircuitBreakers({ redis, prefix, log: testLogger, cache, onTransition: async (key, t) => void opened.push(`${key} ${t}`) });
    for (let i = 0; i < 6; i += 1) await settle(breakers.run('unannounced', policy, () => Promise.reject(hubError('HUB_ACTION_TRANSIENT', 'answered 503'))));
    await waitFor('circuit.opened recorded', () => opened.includes('unannounced opened'), 2_000);
    expect(await redis.get(`${prefix}cb:unannounced`)).not.toBeNull();
  });

  it('is not used over the in-process store of hub up (no round trips to save, no channels)', async () => {
    expect(await SharedStateCache.over({ redis: new InProcessRedis().asRedis(), channel, log: testLogger })).toBeUndefined();
  });
});
