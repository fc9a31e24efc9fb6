import type { Connector } from '@hub/connector-sdk';
import { connectors, type ConnectorId } from './connectors.js';

export function isConnectorId(id: string): id is ConnectorId {
  return Object.hasOwn(connectors, id);
}

/** The connector with this id (from a URL, a route file, a CLI argument), or undefined. */
export function getConnector(id: string): Connector | undefined {
  return isConnectorId(id) ? connectors[id] : undefined;
}
