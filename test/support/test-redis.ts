import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, inject } from 'vitest';
import { connectRedis } from '@hub/core/rate-limit';
import { testLogger } from './silent-logger.js';

/** The run's Redis (global setup); throws why there is none, failing only the tests that need it. */
export function testRedisUrl(): string {
  const url = inject('redisUrl');
  if (!url) throw new Error(inject('redisUnavailable'));
  return url;
}

/**
 * The shared test Redis with a key prefix of this file's own; its keys are deleted after the
 * file. Call at the top level of a test file; read `.redis` inside tests.
 */
export function useTestRedis(label: string): { readonly redis: Redis; prefix: string } {
  const handle = { redis: undefined as unknown as Redis, prefix: `test-${label}:${randomBytes(4).toString('hex')}:` };
  beforeAll(async () => {
    handle.redis = await connectRedis(testRedisUrl(), testLogger);
  });
  afterAll(async () => {
    const keys = await handle.redis.keys(`${handle.prefix}*`);
    if (keys.length > 0) await handle.redis.del(...keys);
    handle.redis.disconnect();
  });
  return handle;
}
