export { RouteConfig, HubConfigFile, ConnectorOverrides } from './route-config.js';
export { compileHubConfig, compileRoutes, loadHubConfig, loadRoutesFile, type CompiledRoute, type HubConfig, type RouteBindings } from './compile-routes.js';
