export { InProcessRedis, inProcessRedis, isInProcessRedisUrl } from './in-process-redis.js';
export { globPattern } from './glob-pattern.js';
