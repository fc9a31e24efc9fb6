export { discoverConnectors, enabledFromEnv, hubNodeModules, searchPathsFromEnv, type DiscoverOptions } from './discover-connectors.js';
export { catalogOf, type ConnectorCatalog, type InstalledConnector } from './connector-catalog.js';
export { findConnectorPackages } from './find-connector-packages.js';
export { readConnectorPackage, type ConnectorPackage, type ConnectorPackageJson } from './connector-package.js';
export { loadConnectorPackage } from './load-connector-package.js';
