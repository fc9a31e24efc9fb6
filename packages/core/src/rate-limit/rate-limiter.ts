import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from '@hub/connector-sdk';
import type { Logger } from '../logger/index.js';
import type { SharedStateCache } from '../shared-state-cache/index.js';
import { LocalSlidingWindow } from './local-sliding-window.js';
import { SETTLE_PERMIT_LUA, SLIDING_WINDOW_LUA } from './sliding-window-script.js';

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
  /**
   * How long an admitted call may keep its permit before the answer comes back (the outbound
   * timeout and a little more): a process killed mid-call frees its permits after this.
   */
  permitHoldMs?: number;
  /** Keeps "no provider block" between announced changes instead of reading Redis on every call. */
  cache?: SharedStateCache | undefined;
}

/**
 * Admitted — call `settle()` once the answer is back (or the call failed), so the permit counts
 * for a window from then — or how long to wait before trying again.
 */
export type RateVerdict = { allowed: true; settle(): Promise<void> } | { allowed: false; retryAfterMs: number };

const SETTLED: RateVerdict = { allowed: true, settle: () => Promise.resolve() };
const DEFAULT_PERMIT_HOLD_MS = 60_000;

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
    const { redis, prefix, marginMs = Math.min(1_000, Math.ceil(policy.durationMs * 0.25)), fallbackShare = 0.25, permitHoldMs = DEFAULT_PERMIT_HOLD_MS } = this.options;
    const windowMs = policy.durationMs + marginMs;
    // Calls this process admitted on its own during an outage, still inside the window, use up
    // part of the shared budget: Redis (restarted, or never told) does not know them.
    const local = this.local.recent(key, windowMs, Date.now());
    const points = policy.points - local.count;
    if (points <= 0) return { allowed: false, retryAfterMs: Math.max(1, local.oldestExpiresInMs) };
    try {
      const windowKey = `${prefix}rl:${key}`;
      const permit = randomUUID();
      const [admitted, waitMs] = (await redis.eval(SLIDING_WINDOW_LUA, 2, windowKey, `${prefix}rl-block:${key}`, windowMs, points, permit, permitHoldMs)) as [number, number];
      this.recovered();
      if (admitted !== 1) return { allowed: false, retryAfterMs: Math.max(1, waitMs) };
      return { allowed: true, settle: () => this.settle(windowKey, permit) };
    } catch (err) {
      this.degrade(err);
      const limit = Math.max(1, Math.floor(policy.points * fallbackShare));
      const waitMs = this.local.acquire(key, limit, windowMs, Date.now());
      return waitMs === 0 ? SETTLED : { allowed: false, retryAfterMs: waitMs };
    }
  }

  /** For targets without a declared limit: only a provider-imposed block holds calls back. */
  async blockedFor(key: string): Promise<RateVerdict> {
    const { redis, prefix, cache } = this.options;
    const blockKey = `${prefix}rl-block:${key}`;
    let ms: number;
    try {
      ms = await (cache ? cache.read(blockKey, () => redis.pttl(blockKey), (left) => left <= 0) : redis.pttl(blockKey));
      this.recovered();
    } catch (err) {
      this.degrade(err);
      ms = this.local.blockedFor(key, Date.now());
    }
    return ms > 0 ? { allowed: false, retryAfterMs: ms } : SETTLED;
  }

  /** A permit that cannot be settled (Redis gone) stays counted until its hold ends: fewer calls, never more. */
  private async settle(windowKey: string, permit: string): Promise<void> {
    try {
      await this.options.redis.eval(SETTLE_PERMIT_LUA, 1, windowKey, permit);
    } catch (err) {
      this.degrade(err);
    }
  }

  /** The provider said wait (Retry-After, X-RateLimit-Remaining: 0): nobody calls it before then. */
  async block(key: string, ms: number): Promise<void> {
    if (ms <= 0) return;
    this.local.block(key, Date.now() + ms);
    try {
      // Keep the longer of an existing block and this one.
      const existing = await this.options.redis.pttl(`${this.options.prefix}rl-block:${key}`);
      if (existing < ms) {
        await this.options.redis.set(`${this.options.prefix}rl-block:${key}`, '1', 'PX', Math.ceil(ms));
        await this.options.cache?.announce(`${this.options.prefix}rl-block:${key}`);
      }
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
