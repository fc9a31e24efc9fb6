import type { Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
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
  const ingress = await startIngress(config, resources, connectors, log);
  log.info({ url: ingress.url }, 'ingress listening');
  onShutdown(async () => {
    await ingress.stop();
    await resources.close();
  }, log);
}
