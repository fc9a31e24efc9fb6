import { Redis } from 'ioredis';
import { inProcessRedis, isInProcessRedisUrl } from '../in-process-redis/index.js';
import type { Logger } from '../logger/index.js';

/**
 * A Redis client for shared limits: commands fail at once while Redis is down (no offline
 * queue), so callers fall back instead of waiting. Resolves when connected, or after
 * `waitMs` with the client still reconnecting in the background (the hub starts degraded).
 * A `memory://` URL (set by `hub up` when no Redis answers) is this process's in-process store.
 */
export async function connectRedis(url: string, log: Logger, waitMs = 2_000): Promise<Redis> {
  if (isInProcessRedisUrl(url)) return inProcessRedis(url);
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
  redis.on('error', () => undefined); // the limiter reports degradation once; reconnects are not news
  const ready = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), waitMs);
    redis.once('ready', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
  if (!ready) log.error({ url: new URL(url).host }, 'Redis not reachable at start: limits run per process until it is');
  return redis;
}
