import type { Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { HubMetrics, serveMetrics } from '@hub/core/metrics';
import { openHubResources } from '@hub/core/runtime';
import { loadConfig, startIngress } from '@hub/ingress';
import { onShutdown } from '../shutdown.js';
import { installedConnectors } from '../installed-connectors.js';

/** `hub ingress`: the webhook receiver and the outbox relay, without workers. */
export async function runIngress(env: Env): Promise<void> {
  const { connectors } = await installedConnectors(env);
  const config = loadConfig(env, connectors);
  const log = createLogger({ service: 'ingress', level: config.LOG_LEVEL });
  const resources = openHubResources(config);
  const metrics = new HubMetrics('ingress');
  const ingress = await startIngress(config, resources, connectors, log, metrics);
  const endpoint = config.HUB_METRICS_PORT > 0 ? await serveMetrics(metrics, config.HUB_METRICS_PORT, config.HUB_METRICS_HOST) : undefined;
  log.info({ url: ingress.url, metrics: endpoint?.url }, 'ingress listening');
  onShutdown(async () => {
    await ingress.stop();
    await endpoint?.close();
    await resources.close();
  }, log);
}
