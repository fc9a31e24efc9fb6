export { RedisLease } from './redis-lease.js';
