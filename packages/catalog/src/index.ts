export { connectors, type ConnectorId } from './connectors.js';
export { listConnectors } from './list-connectors.js';
export { getConnector, isConnectorId } from './get-connector.js';
