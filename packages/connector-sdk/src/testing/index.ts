// `@hub/connector-sdk/testing`: the contract suites connector packages run. Imports vitest, so it
// is a separate entry point and vitest never becomes a runtime dependency of the SDK.
export { describeConnector, type ConnectorSuiteOptions } from './describe-connector.js';
export { describeConnectorContract, type ConnectorContractOptions } from './describe-connector-contract.js';
export { describeConnectorActions, type ConnectorActionsOptions } from './describe-connector-actions.js';
export { checkAction, type ActionCheckProblem, type ActionCheckResult } from './check-action.js';
export type { ActionSimulator, ActionSimulatorRequest, ActionSimulatorRoute } from './action-simulator.js';
export { findSecretLeaks, secretFieldsOf, type LogProbe, type SecretLeak, type WriteLogs } from './find-secret-leaks.js';
