export { RouteConfig, ConnectorOverrides, type ConnectorOverridesInput } from './route-config.js';
export { compileHubConfig, compileRoutes, loadHubConfig, type CompiledRoute, type HubConfig, type RouteBindings } from './compile-routes.js';
