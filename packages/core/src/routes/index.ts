export { RouteConfig, HubConfigFile, ConnectorOverrides, type ConnectorOverridesInput } from './route-config.js';
export { compileHubConfig, compileRoutes, loadHubConfig, loadRoutesFile, type CompiledRoute, type HubConfig, type RouteBindings } from './compile-routes.js';
