import { discoverConnectors, enabledFromEnv, searchPathsFromEnv, type ConnectorCatalog } from '@hub/catalog';
import type { Env } from '@hub/core/config';

/** The connectors installed with this hub (workspace or node_modules) that HUB_CONNECTORS enables. */
export function installedConnectors(env: Env): Promise<ConnectorCatalog> {
  return discoverConnectors({ searchPaths: searchPathsFromEnv(env), enabled: enabledFromEnv(env) });
}
