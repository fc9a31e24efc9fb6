import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

// Deletes the lock only if it still holds our token: a holder whose lock expired must not
// release the lock another process has taken since.
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * A short Redis lock (SET NX PX with a random token) so one process of the whole fleet
 * refreshes a given credential at a time. It expires by itself if its holder dies.
 */
export class RefreshLock {
  constructor(
    private readonly redis: Redis,
    private readonly ttlMs: number,
  ) {}

  /** The token to release with, or undefined when another process holds the lock. */
  async tryAcquire(key: string): Promise<string | undefined> {
    const token = randomBytes(16).toString('hex');
    const ok = await this.redis.set(key, token, 'PX', this.ttlMs, 'NX');
    return ok === 'OK' ? token : undefined;
  }

  async release(key: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, key, token);
  }
}
