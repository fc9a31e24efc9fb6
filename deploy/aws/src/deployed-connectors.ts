import { discoverConnectors, searchPathsFromEnv } from '@hub/catalog';
import type { Env } from '@hub/core/config';

/** A connector as the deployment sees it. */
export interface DeployedConnector {
  id: string;
  /** `<ID>_WEBHOOK_SECRET`: the ingress variable its secret is injected as. */
  secretEnvName: string;
}

export interface DeployedCatalog {
  /** Connectors that receive webhooks: each gets a queue, a DLQ and a worker service. */
  webhookConnectors: DeployedConnector[];
  /** HUB_CONNECTORS for the hub image's processes: the narrowed list, or undefined for all installed. */
  enabled: string[] | undefined;
}

/**
 * The catalog the hub itself would load (the same discovery as `hub worker`: HUB_CONNECTOR_PATHS,
 * then the node_modules the hub is installed in), narrowed by the `connectors` context value.
 * Action-only connectors (no webhook) have no queue and no worker; they run inside the workers
 * whose routes call them.
 */
export async function deployedCatalog(env: Env, enabled: readonly string[] | undefined): Promise<DeployedCatalog> {
  const catalog = await discoverConnectors({ searchPaths: searchPathsFromEnv(env), enabled });
  const webhookConnectors = catalog
    .list()
    .filter((c) => c.webhook)
    .map((c) => ({ id: c.id, secretEnvName: c.secretEnvName }));
  return { webhookConnectors, enabled: enabled ? [...enabled] : undefined };
}
