import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

// Renew and release only while the key still holds our token: a leader that stalled past its
// TTL must neither extend nor delete the lease another replica has taken since.
const RENEW_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/**
 * Leadership of one job across replicas: a Redis key set with NX PX to a random token, renewed
 * by its holder well before it expires. A holder that dies stops renewing and another replica
 * takes over after at most `ttlMs`.
 */
export class LeaderLease {
  private readonly token = randomBytes(16).toString('hex');
  private held = false;

  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    private readonly ttlMs: number,
  ) {}

  get isLeader(): boolean {
    return this.held;
  }

  /** Renews the lease when held, else tries to take it. True when this replica leads afterwards. */
  async acquireOrRenew(): Promise<boolean> {
    if (this.held) {
      this.held = (await this.redis.eval(RENEW_SCRIPT, 1, this.key, this.token, String(this.ttlMs))) === 1;
      if (this.held) return true;
    }
    this.held = (await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK';
    return this.held;
  }

  /** Gives the lease up at once (a clean shutdown hands over without waiting for the TTL). */
  async release(): Promise<void> {
    if (!this.held) return;
    this.held = false;
    await this.redis.eval(RELEASE_SCRIPT, 1, this.key, this.token);
  }

  /** Forgets the lease without telling Redis (leadership is unknown, e.g. after a Redis error). */
  forget(): void {
    this.held = false;
  }
}
