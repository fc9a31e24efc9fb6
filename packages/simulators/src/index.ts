export { startRateLimitedApi, type RateLimitedApi, type RateLimitedApiOptions } from './rate-limited-api.js';
export { faults, startProviderSimulator, type Downstream, type DownstreamRequest } from './provider-simulator.js';
