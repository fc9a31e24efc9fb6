import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

// Renew and release only while the key still holds our token: a holder that stalled past its TTL
// must neither extend nor delete the lease another process has taken since.
export const LEASE_RENEW_LUA = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
export const LEASE_RELEASE_LUA = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * One holder of `key` at a time across processes and replicas: the key is SET NX PX to a random
 * token of this holder, renewed and released only while it still holds that token (a Lua
 * compare-and-pexpire, compare-and-delete). A holder that dies stops renewing, and the lease is
 * free again `ttlMs` later. Redis errors are thrown: whether to go on without the lease (a token
 * refresh) or stand down (a leader) is the caller's decision.
 */
export class RedisLease {
  private token: string | undefined;

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly ttlMs: number,
  ) {}

  /** True while this instance believes it holds the lease (until it expires unrenewed, at most `ttlMs`). */
  get held(): boolean {
    return this.token !== undefined;
  }

  /** Takes the lease with a fresh token when nobody holds it. True when this instance holds it afterwards. */
  async acquire(): Promise<boolean> {
    if (this.token !== undefined) return true;
    const token = randomBytes(16).toString('hex');
    if ((await this.redis.set(this.key, token, 'PX', this.ttlMs, 'NX')) !== 'OK') return false;
    this.token = token;
    return true;
  }

  /** Extends the lease to `ttlMs` from now if it is still ours; false (and no longer held) when it was lost. */
  async renew(): Promise<boolean> {
    const token = this.token;
    if (token === undefined) return false;
    const renewed = (await this.redis.eval(LEASE_RENEW_LUA, 1, this.key, token, String(this.ttlMs))) === 1;
    if (!renewed && this.token === token) this.token = undefined;
    return renewed;
  }

  /** One step of a leader loop: renew the lease when held, else try to take it. True when leading afterwards. */
  async acquireOrRenew(): Promise<boolean> {
    if (this.token !== undefined && (await this.renew())) return true;
    return this.acquire();
  }

  /** Gives the lease up at once (the next holder need not wait for the TTL); a lease taken over since is left alone. */
  async release(): Promise<void> {
    const token = this.token;
    if (token === undefined) return;
    this.token = undefined;
    await this.redis.eval(LEASE_RELEASE_LUA, 1, this.key, token);
  }

  /** Forgets the lease without telling Redis (whether it is still held is unknown, e.g. after a Redis error). */
  forget(): void {
    this.token = undefined;
  }
}
