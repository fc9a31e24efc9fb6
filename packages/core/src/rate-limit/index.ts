export { RateLimiter, type RateLimiterOptions, type RateVerdict } from './rate-limiter.js';
export { rateLimitKey, exhaustedUntilMs } from './limit-key.js';
export { connectRedis } from './connect-redis.js';
