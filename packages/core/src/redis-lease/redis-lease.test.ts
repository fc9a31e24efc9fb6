import { describe, expect, it } from 'vitest';
import { useTestRedis } from '../../../../test/support/test-redis.js';
import { RedisLease } from './redis-lease.js';

const shared = useTestRedis('redis-lease');

describe('RedisLease (real Redis)', () => {
  it('lets one holder take a key; the other gets it once the first releases', async () => {
    const key = `${shared.prefix}one-holder`;
    const a = new RedisLease(shared.redis, key, 10_000);
    const b = new RedisLease(shared.redis, key, 10_000);
    expect(await a.acquire()).toBe(true);
    expect(await b.acquire()).toBe(false);
    expect([a.held, b.held]).toEqual([true, false]);
    await a.release();
    expect(a.held).toBe(false);
    expect(await b.acquire()).toBe(true);
    expect(await b.acquire()).toBe(true); // already held: still true, the same token
    await b.release();
    expect(await shared.redis.exists(key)).toBe(0);
  });

  it('renews only while the key holds its token, and extends the TTL', async () => {
    const key = `${shared.prefix}renew`;
    const lease = new RedisLease(shared.redis, key, 5_000);
    expect(await lease.renew()).toBe(false); // not held: nothing to renew
    await lease.acquire();
    await shared.redis.pexpire(key, 100);
    expect(await lease.renew()).toBe(true);
    expect(await shared.redis.pttl(key)).toBeGreaterThan(1_000);
    await lease.release();
  });

  it('neither renews nor deletes a lease another holder took after its own expired', async () => {
    const key = `${shared.prefix}taken-over`;
    const stale = new RedisLease(shared.redis, key, 10_000);
    const renewing = new RedisLease(shared.redis, key, 10_000);
    const next = new RedisLease(shared.redis, key, 10_000);
    await stale.acquire();
    await shared.redis.del(key); // what expiry does while the first holder is stalled
    expect(await renewing.acquire()).toBe(true);
    await shared.redis.del(key);
    expect(await next.acquire()).toBe(true);
    const nextToken = await shared.redis.get(key);

    expect(stale.held).toBe(true); // it does not know yet
    await stale.release(); // compare-and-delete: its token is not the key's, nothing deleted
    expect(await renewing.renew()).toBe(false); // compare-and-pexpire: refused, and it knows it lost the lease
    expect(renewing.held).toBe(false);
    expect(await shared.redis.get(key)).toBe(nextToken);
    expect(await shared.redis.pttl(key)).toBeGreaterThan(9_000);
    await next.release();
    expect(await shared.redis.exists(key)).toBe(0);
  });

  it('acquireOrRenew takes a free lease, keeps a held one, and takes it back after losing it', async () => {
    const key = `${shared.prefix}leader`;
    const a = new RedisLease(shared.redis, key, 10_000);
    const b = new RedisLease(shared.redis, key, 10_000);
    expect(await a.acquireOrRenew()).toBe(true);
    expect(await b.acquireOrRenew()).toBe(false);
    expect(await a.acquireOrRenew()).toBe(true);
    await shared.redis.del(key);
    expect(await b.acquireOrRenew()).toBe(true);
    expect(await a.acquireOrRenew()).toBe(false);
    await b.release();
    expect(await a.acquireOrRenew()).toBe(true);
    a.forget();
    expect(a.held).toBe(false);
    expect(await shared.redis.exists(key)).toBe(1); // forgotten, not released: it expires by itself
  });
});
