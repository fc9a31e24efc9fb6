export { LEASE_RELEASE_LUA, LEASE_RENEW_LUA, RedisLease } from './redis-lease.js';
