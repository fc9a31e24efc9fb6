import { Redis } from 'ioredis';
import type { Logger } from '../logger/index.js';

export interface SharedStateCacheOptions {
  /** The connection the answers are read with; the cache listens on a duplicate of it. */
  redis: Redis;
  /** The channel every writer of a cached key announces its change on. */
  channel: string;
  log: Logger;
  /** Longest an answer is kept without news (a message lost while the listener reconnects). Default 1 s. */
  maxAgeMs?: number;
}

/**
 * Answers about shared keys that change rarely — no circuit open, no provider block — kept in
 * this process until a writer announces a change on a Redis channel. Reading them on every
 * outbound call was two Redis round trips per webhook (20,000 GET and 20,000 PTTL draining
 * 20,000 webhooks), each waking Redis and this process's one thread for a key that almost never
 * changes. Only the answers a caller marks as keepable are kept (the common "nothing there");
 * an open circuit or a block is read every time, so its end is seen at once.
 *
 * A change is seen by every replica as soon as its announcement arrives; a read that started
 * before an announcement is not kept (the generation moved). While the listener is not
 * subscribed (starting, Redis gone, reconnecting) nothing is kept and every read goes to Redis.
 */
export class SharedStateCache {
  private readonly kept = new Map<string, { value: unknown; at: number }>();
  private readonly loading = new Map<string, { generation: number; value: Promise<unknown> }>();
  private readonly subscriber: Redis;
  private readonly maxAgeMs: number;
  private generation = 0;
  private listening = false;
  private subscribed = false;

  private constructor(private readonly options: SharedStateCacheOptions) {
    this.maxAgeMs = options.maxAgeMs ?? 1_000;
    this.subscriber = options.redis.duplicate();
    this.subscriber.on('error', () => undefined); // the readers report Redis being down
    this.subscriber.on('message', (_channel: string, key: string) => this.forget(key));
    // Messages sent while it was away are lost: forget everything and keep nothing until it is back.
    this.subscriber.on('close', () => this.stopKeeping());
    this.subscriber.on('ready', () => {
      // ioredis subscribes again by itself on a reconnect; the first subscription is ours.
      if (this.subscribed) this.listening = true;
      else void this.subscribe();
    });
  }

  /**
   * A cache over `redis`, or none when `redis` is the in-process store of `hub up` (whose reads
   * cost no round trip, and which has no channels). Resolves once listening, or after `waitMs`;
   * at once when Redis is down (connectRedis already waited for it): it starts listening when
   * Redis is back, and until then every read goes to Redis.
   */
  static async over(options: SharedStateCacheOptions, waitMs = 2_000): Promise<SharedStateCache | undefined> {
    if (!(options.redis instanceof Redis)) return undefined;
    const cache = new SharedStateCache(options);
    if (options.redis.status !== 'ready') return cache;
    const deadline = Date.now() + waitMs;
    while (!cache.listening && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    return cache;
  }

  private async subscribe(): Promise<void> {
    try {
      await this.subscriber.subscribe(this.options.channel);
      this.subscribed = true;
      this.listening = true;
    } catch (err) {
      this.options.log.warn({ err }, 'shared state cache not listening: shared state is read from Redis on every call until it is');
    }
  }

  /** The kept answer for `key`, or `load()`'s (kept when `keep` says so). */
  async read<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean): Promise<T> {
    const hit = this.kept.get(key);
    if (hit && Date.now() - hit.at < this.maxAgeMs) return hit.value as T;
    // A hundred handlers asking at once (at start, when an answer ages out) share one read.
    const inFlight = this.loading.get(key);
    if (inFlight && inFlight.generation === this.generation) return inFlight.value as Promise<T>;
    const generation = this.generation;
    const value = load();
    this.loading.set(key, { generation, value });
    try {
      const loaded = await value;
      if (this.listening && generation === this.generation && keep(loaded)) this.kept.set(key, { value: loaded, at: Date.now() });
      return loaded;
    } finally {
      if (this.loading.get(key)?.value === value) this.loading.delete(key);
    }
  }

  /**
   * Call after writing `key`: every process (this one at once) reads it afresh. Never throws: the
   * write is done, and a process that misses the announcement reads the key again within maxAgeMs.
   */
  async announce(key: string): Promise<void> {
    this.forget(key);
    try {
      await this.options.redis.publish(this.options.channel, key);
    } catch (err) {
      this.options.log.warn({ err, key }, `change not announced: other processes see it within ${this.maxAgeMs} ms`);
    }
  }

  async close(): Promise<void> {
    this.stopKeeping();
    this.subscriber.disconnect();
  }

  private forget(key: string): void {
    this.generation += 1;
    this.kept.delete(key);
  }

  private stopKeeping(): void {
    this.listening = false;
    this.generation += 1;
    this.kept.clear();
  }
}
