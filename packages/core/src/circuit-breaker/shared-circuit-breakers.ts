import CircuitBreaker from 'opossum';
import type { Redis } from 'ioredis';
import type { BreakerPolicy } from '@hub/connector-sdk';
import { hubError, isHubError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { RedisLease } from '../redis-lease/index.js';
import type { SharedStateCache } from '../shared-state-cache/index.js';

export type CircuitTransition = 'opened' | 'closed';

export interface SharedCircuitBreakersOptions {
  redis: Redis;
  prefix: string;
  log: Logger;
  /** Called once per fleet-wide transition, by the replica that made it (records circuit.opened / circuit.closed). */
  onTransition(key: string, transition: CircuitTransition, details: Record<string, unknown>): Promise<void>;
  /** Keeps "no circuit open" between announced changes instead of reading Redis on every call. */
  cache?: SharedStateCache | undefined;
}

/** A provider failure counts; a refusal (4xx), a rate-limit hold or an open circuit does not. */
function isProviderFailure(err: unknown): boolean {
  return !isHubError(err) || (err.retryable && err.code !== 'HUB_CONNECTOR_RATE_LIMITED' && err.code !== 'HUB_CIRCUIT_OPEN');
}

const openError = (key: string, retryAfterMs: number) =>
  hubError('HUB_CIRCUIT_OPEN', `the circuit of ${key} is open: calls wait ${Math.ceil(retryAfterMs / 1000)} s`, { retryAfterMs: Math.max(1, retryAfterMs) });

/**
 * Circuit breakers shared by every replica. Each process counts its own calls with opossum
 * (rolling window, threshold, volume); the first to trip opens the circuit for the whole fleet
 * in Redis. While open nobody calls; when the reset timeout has passed exactly one replica wins
 * the probe (SET NX) and its result closes or re-opens the circuit for all. Half-open is
 * reached by time alone, so any number of simultaneous failures cannot keep it away. Without
 * Redis, each process's opossum breaker works alone.
 */
export class SharedCircuitBreakers {
  private readonly local = new Map<string, CircuitBreaker<[() => Promise<unknown>], unknown>>();

  constructor(private readonly options: SharedCircuitBreakersOptions) {}

  async run<T>(key: string, policy: BreakerPolicy, call: () => Promise<T>): Promise<T> {
    const shared = await this.readShared(key);
    const breaker = this.localBreaker(key, policy);
    if (shared === 'unreachable') return this.fireLocal(breaker, key, policy, call);
    const now = Date.now();
    if (shared && now < shared.until) throw openError(key, shared.until - now);
    if (shared) return this.probe(key, policy, call);
    if (!breaker.closed) breaker.close(); // the fleet closed it (another replica's probe succeeded)
    return this.fireLocal(breaker, key, policy, call);
  }

  /** Through this process's own breaker; its refusal is the same HUB_CIRCUIT_OPEN (a wait) as the fleet's. */
  private async fireLocal<T>(breaker: CircuitBreaker<[() => Promise<unknown>], unknown>, key: string, policy: BreakerPolicy, call: () => Promise<T>): Promise<T> {
    try {
      return (await breaker.fire(call)) as T;
    } catch (err) {
      if ((err as { code?: string }).code === 'EOPENBREAKER') throw openError(key, policy.resetTimeout);
      throw err;
    }
  }

  private async probe<T>(key: string, policy: BreakerPolicy, call: () => Promise<T>): Promise<T> {
    const { redis, prefix } = this.options;
    const probing = new RedisLease(redis, `${prefix}cb-probe:${key}`, Math.max(policy.resetTimeout, 10_000));
    const won = await probing.acquire().catch(() => false);
    if (!won) throw openError(key, 1_000); // another replica is probing
    try {
      const result = await call();
      await this.closeShared(key);
      return result;
    } catch (err) {
      if (isProviderFailure(err)) await this.openShared(key, policy, { probe: 'failed' }, true);
      else await this.closeShared(key); // it answered: the provider is up
      throw err;
    } finally {
      // Only our own probe claim: a probe that outlived it must not end another replica's.
      await probing.release().catch(() => undefined);
    }
  }

  private localBreaker(key: string, policy: BreakerPolicy) {
    let breaker = this.local.get(key);
    if (!breaker) {
      breaker = new CircuitBreaker((fn: () => Promise<unknown>) => fn(), {
        timeout: false, // the outbound client has its own total deadline
        errorThresholdPercentage: policy.errorThresholdPercentage,
        volumeThreshold: policy.volumeThreshold,
        rollingCountTimeout: policy.rollingCountTimeout,
        resetTimeout: policy.resetTimeout,
        errorFilter: (err: unknown) => !isProviderFailure(err),
      });
      breaker.on('open', () => {
        void this.openShared(key, policy, { stats: breaker?.stats ? { failures: breaker.stats.failures, fires: breaker.stats.fires } : undefined }, false);
      });
      this.local.set(key, breaker);
    }
    return breaker;
  }

  private async readShared(key: string): Promise<{ until: number } | undefined | 'unreachable'> {
    const redisKey = `${this.options.prefix}cb:${key}`;
    const load = async () => {
      const value = await this.options.redis.get(redisKey);
      return value ? (JSON.parse(value) as { until: number }) : undefined;
    };
    try {
      const { cache } = this.options;
      return await (cache ? cache.read(redisKey, load, (state) => state === undefined) : load());
    } catch {
      return 'unreachable';
    }
  }

  /** After every write of a circuit's shared state: the fleet's kept "closed" answers go. */
  private async announce(key: string): Promise<void> {
    await this.options.cache?.announce(`${this.options.prefix}cb:${key}`);
  }

  private async openShared(key: string, policy: BreakerPolicy, details: Record<string, unknown>, reopen: boolean): Promise<void> {
    const until = Date.now() + policy.resetTimeout;
    const ttl = policy.resetTimeout + 10 * 60_000;
    try {
      const value = JSON.stringify({ until });
      const set = reopen ? await this.options.redis.set(`${this.options.prefix}cb:${key}`, value, 'PX', ttl) : await this.options.redis.set(`${this.options.prefix}cb:${key}`, value, 'PX', ttl, 'NX');
      if (set === 'OK') await this.announce(key);
      if (set === 'OK' && !reopen) await this.options.onTransition(key, 'opened', { ...details, until: new Date(until).toISOString(), policy });
    } catch (err) {
      this.options.log.warn({ err, key }, 'circuit state not shared (Redis unreachable): this process decides alone');
    }
  }

  private async closeShared(key: string): Promise<void> {
    try {
      const removed = await this.options.redis.del(`${this.options.prefix}cb:${key}`);
      if (removed > 0) await this.announce(key);
      this.local.get(key)?.close();
      if (removed > 0) await this.options.onTransition(key, 'closed', {});
    } catch (err) {
      this.options.log.warn({ err, key }, 'circuit state not shared (Redis unreachable)');
    }
  }
}
