import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from '@hub/connector-sdk';
import type { Logger } from '../logger/index.js';
import { LocalSlidingWindow } from './local-sliding-window.js';
import { SLIDING_WINDOW_LUA } from './sliding-window-script.js';

export interface RateLimiterOptions {
  redis: Redis;
  /** Key namespace (one per hub installation / test). */
  prefix: string;
  log: Logger;
  /**
   * Added to every window: requests admitted 1 s apart can arrive closer together at the provider
   * (network and scheduling jitter), so the window the hub enforces is a little longer.
   */
  marginMs?: number;
  /** With Redis down each process keeps this share of the limit (fail closed: never the floodgates). */
  fallbackShare?: number;
}

/** Admitted, or how long to wait before trying again. */
export type RateVerdict = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * One sliding-window limit per key, shared by every worker replica through Redis (an atomic
 * Lua script). Without Redis it degrades to a per-process window holding `fallbackShare` of
 * the limit, logs it once, and returns to Redis when it answers again.
 */
export class RateLimiter {
  private readonly local = new LocalSlidingWindow();
  private degraded = false;

  constructor(private readonly options: RateLimiterOptions) {}

  async acquire(key: string, policy: RateLimitPolicy): Promise<RateVerdict> {
    const { redis, prefix, marginMs = Math.min(1_000, Math.ceil(policy.durationMs * 0.25)), fallbackShare = 0.25 } = this.options;
    const windowMs = policy.durationMs + marginMs;
    // Calls this process admitted on its own during an outage, still inside the window, use up
    // part of the shared budget: Redis (restarted, or never told) does not know them.
    const local = this.local.recent(key, windowMs, Date.now());
    const points = policy.points - local.count;
    if (points <= 0) return { allowed: false, retryAfterMs: Math.max(1, local.oldestExpiresInMs) };
    try {
      const [admitted, waitMs] = (await redis.eval(SLIDING_WINDOW_LUA, 2, `${prefix}rl:${key}`, `${prefix}rl-block:${key}`, windowMs, points, randomUUID())) as [number, number];
      this.recovered();
      return admitted === 1 ? { allowed: true } : { allowed: false, retryAfterMs: Math.max(1, waitMs) };
    } catch (err) {
      this.degrade(err);
      const limit = Math.max(1, Math.floor(policy.points * fallbackShare));
      const waitMs = this.local.acquire(key, limit, windowMs, Date.now());
      return waitMs === 0 ? { allowed: true } : { allowed: false, retryAfterMs: waitMs };
    }
  }

  /** For targets without a declared limit: only a provider-imposed block holds calls back. */
  async blockedFor(key: string): Promise<RateVerdict> {
    let ms: number;
    try {
      ms = await this.options.redis.pttl(`${this.options.prefix}rl-block:${key}`);
      this.recovered();
    } catch (err) {
      this.degrade(err);
      ms = this.local.blockedFor(key, Date.now());
    }
    return ms > 0 ? { allowed: false, retryAfterMs: ms } : { allowed: true };
  }

  /** The provider said wait (Retry-After, X-RateLimit-Remaining: 0): nobody calls it before then. */
  async block(key: string, ms: number): Promise<void> {
    if (ms <= 0) return;
    this.local.block(key, Date.now() + ms);
    try {
      // Keep the longer of an existing block and this one.
      const existing = await this.options.redis.pttl(`${this.options.prefix}rl-block:${key}`);
      if (existing < ms) await this.options.redis.set(`${this.options.prefix}rl-block:${key}`, '1', 'PX', Math.ceil(ms));
      this.recovered();
    } catch (err) {
      this.degrade(err);
    }
  }

  private degrade(err: unknown): void {
    if (this.degraded) return;
    this.degraded = true;
    this.options.log.error({ err }, 'Redis unreachable: rate limits fall back to a per-process share of each limit');
  }

  private recovered(): void {
    if (!this.degraded) return;
    this.degraded = false;
    this.options.log.warn('Redis reachable again: rate limits are shared again');
  }
}
