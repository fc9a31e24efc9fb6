export { startRateLimitedApi, type RateLimitedApi, type RateLimitedApiOptions } from './rate-limited-api.js';
export { faults, startProviderSimulator, type Downstream, type DownstreamRequest, type ProviderSimulatorOptions, type SimulatedAnswer } from './provider-simulator.js';
export { startCatalogSimulator, type CatalogSimulator, type SimulatedRequest } from './catalog-simulator.js';
export { loadSimulatorEntry, SimulatorEntryError } from './catalog/load-simulator-entry.js';
export { SimulatorEntry, SimulatorRoute, type SimulatorEntryInput, type SimulatorRouteInput } from './catalog/simulator-entry.js';
export type { RequestMismatch } from './catalog/check-request.js';
export { parseFormBody } from './catalog/parse-form-body.js';
export { startOAuth2Server, type OAuth2Server, type OAuth2ServerOptions, type ResourceRequest } from './oauth2-server.js';
export { startFakeSlack, type FakeSlack, type FakeSlackCall, type FakeSlackMessage, type FakeSlackOptions, type FakeSlackView } from './fake-slack.js';
