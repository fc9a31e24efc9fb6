import type { Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { createLogger } from '@hub/core/logger';
import { HubMetrics, serveMetrics } from '@hub/core/metrics';
import { loadHubConfig } from '@hub/core/routes';
import { openHubResources } from '@hub/core/runtime';
import { loadConfig, startWorker } from '@hub/worker';
import { onShutdown } from '../shutdown.js';
import { installedConnectors } from '../installed-connectors.js';

/** `hub worker --connector <id>`: the production shape, one process (container) per connector. */
export async function runWorker(env: Env, connectorIds: string[]): Promise<void> {
  const { connectors, list } = await installedConnectors(env);
  const consumable = list().filter((c) => c.webhook).map((c) => c.id);
  const unknown = connectorIds.filter((id) => !consumable.includes(id));
  if (connectorIds.length === 0 || unknown.length > 0) {
    throw hubError('HUB_CLI_USAGE', `${unknown.length ? `unknown connector ${unknown.join(', ')}; ` : ''}use --connector <id> with one of: ${consumable.join(', ')}`);
  }
  const config = loadConfig(env);
  const log = createLogger({ service: 'worker', level: config.LOG_LEVEL });
  const hubConfig = await loadHubConfig(config.HUB_CONFIG_FILE, connectors);
  const resources = openHubResources(config);
  const metrics = new HubMetrics('worker');
  const worker = await startWorker(config, resources, connectors, connectorIds, hubConfig, log, metrics);
  const endpoint = config.HUB_METRICS_PORT > 0 ? await serveMetrics(metrics, config.HUB_METRICS_PORT, config.HUB_METRICS_HOST) : undefined;
  log.info({ connectors: connectorIds, routes: hubConfig.routes.length, metrics: endpoint?.url }, 'worker consuming');
  onShutdown(async () => {
    await worker.stop();
    await endpoint?.close();
    await resources.close();
  }, log);
}
