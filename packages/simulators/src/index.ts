export { startRateLimitedApi, type RateLimitedApi, type RateLimitedApiOptions } from './rate-limited-api.js';
