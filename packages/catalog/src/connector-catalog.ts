import type { Connector } from '@hub/connector-sdk';
import type { ConnectorPackage } from './connector-package.js';

export interface InstalledConnector {
  connector: Connector;
  package: ConnectorPackage;
}

/** The connectors this hub runs: installed, and enabled by HUB_CONNECTORS (all when unset). */
export interface ConnectorCatalog {
  /** Keyed by connector id, sorted by id: what ingress, workers and console take. */
  readonly connectors: Readonly<Record<string, Connector>>;
  readonly installed: readonly InstalledConnector[];
  list(): readonly Connector[];
  get(id: string): Connector | undefined;
}

export function catalogOf(installed: readonly InstalledConnector[]): ConnectorCatalog {
  const connectors: Record<string, Connector> = Object.create(null) as Record<string, Connector>;
  // Sorted by id: the order a directory listing gives differs between file systems.
  const sorted = [...installed].sort((a, b) => a.connector.id.localeCompare(b.connector.id));
  for (const { connector } of sorted) connectors[connector.id] = connector;
  Object.freeze(connectors);
  return {
    connectors,
    installed: sorted,
    list: () => Object.values(connectors),
    get: (id) => (Object.hasOwn(connectors, id) ? connectors[id] : undefined),
  };
}
