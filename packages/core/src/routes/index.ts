export { RouteConfig, HubConfigFile } from './route-config.js';
export { compileRoutes, loadRoutesFile, type CompiledRoute, type RouteBindings } from './compile-routes.js';
