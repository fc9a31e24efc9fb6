import type { Redis } from 'ioredis';
import type { RateLimitPolicy } from '@hub/connector-sdk';

export interface RateLimitKeyHealth {
  /** The limiter key without the hub prefix: `<connector>:<host>` or `<connector>:<account>:<host>`. */
  key: string;
  /** Permits taken in the current sliding window. */
  used: number;
  /** Permits left (policy points minus used), or null for a target without a declared policy. */
  remaining: number | null;
  /** How long a provider-imposed block (Retry-After, X-RateLimit-Remaining: 0) still holds, ms. */
  blockedForMs: number;
}

export interface RateLimitHealth {
  policy: { points: number; durationMs: number } | null;
  /** The smallest `remaining` over the connector's keys (the tightest budget); null without a policy. */
  headroom: number | null;
  keys: RateLimitKeyHealth[];
}

export interface RateLimitSource {
  redis: Redis;
  /** The worker's key prefix (`hub:<schema>:<queue prefix>`). */
  prefix: string;
  policyFor(connector: string): RateLimitPolicy | undefined;
}

/** The RateLimiter's default margin: the window it enforces is a little longer than the policy's. */
const windowMsOf = (policy: RateLimitPolicy) => policy.durationMs + Math.min(1_000, Math.ceil(policy.durationMs * 0.25));

const globEscape = (text: string) => text.replace(/[*?[\]\\]/g, '\\$&');

/**
 * Points used in the current window of each limiter key of a target connector (the Redis
 * sliding-window log: one sorted-set member per permit, scored by the Redis clock), against
 * the connector's policy. Null when Redis does not answer.
 */
export async function readRateLimitHeadroom(source: RateLimitSource, connector: string): Promise<RateLimitHealth | null> {
  const { redis, prefix } = source;
  const policy = source.policyFor(connector);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${globEscape(prefix)}rl:${globEscape(connector)}:*`, 'COUNT', 500);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0' && keys.length < 1_000);
    const [seconds, micros] = await redis.time();
    const nowMs = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    const windowMs = policy ? windowMsOf(policy) : 0;
    const result: RateLimitKeyHealth[] = [];
    for (const full of keys) {
      const key = full.slice(`${prefix}rl:`.length);
      const [used, blocked] = await Promise.all([policy ? redis.zcount(full, nowMs - windowMs, '+inf') : Promise.resolve(0), redis.pttl(`${prefix}rl-block:${key}`)]);
      result.push({ key, used, remaining: policy ? Math.max(0, policy.points - used) : null, blockedForMs: Math.max(0, blocked) });
    }
    const remaining = result.map((k) => k.remaining).filter((r): r is number => r !== null);
    return {
      policy: policy ? { points: policy.points, durationMs: policy.durationMs } : null,
      headroom: policy ? (remaining.length ? Math.min(...remaining) : policy.points) : null,
      keys: result,
    };
  } catch {
    return null;
  }
}
