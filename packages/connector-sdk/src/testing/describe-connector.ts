// Imports vitest (through the suites): import this file by path from tests, never from the SDK index.
import type { Connector } from '../define-connector.js';
import { describeConnectorActions, type ConnectorActionsOptions } from './describe-connector-actions.js';
import { describeConnectorContract, type ConnectorContractOptions } from './describe-connector-contract.js';

export type ConnectorSuiteOptions = ConnectorContractOptions & ConnectorActionsOptions;

/** The whole contract every connector runs: its webhooks and events, and its actions against the simulator. */
export function describeConnector(connector: Connector, options: ConnectorSuiteOptions = {}): void {
  describeConnectorContract(connector, options);
  describeConnectorActions(connector, options);
}
