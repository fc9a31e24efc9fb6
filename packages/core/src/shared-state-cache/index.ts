export { SharedStateCache, type SharedStateCacheOptions } from './shared-state-cache.js';
