import type { Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { openHubResources } from '@hub/core/runtime';
import { loadConfig, startConsole } from '@hub/console';
import { onShutdown } from '../shutdown.js';
import { installedConnectors } from '../installed-connectors.js';

/** `hub console`: the console API on its own (a container of its own in production). */
export async function runConsole(env: Env): Promise<void> {
  const { connectors } = await installedConnectors(env);
  const config = loadConfig(env);
  const log = createLogger({ service: 'console', level: config.LOG_LEVEL });
  const resources = openHubResources(config);
  const app = await startConsole(config, resources, connectors, log);
  log.info({ url: app.url, access: app.access }, app.access === 'tokens' ? 'console listening (every /api request needs a token)' : 'console listening (development: reads open to loopback until a token exists; hub tokens create <name> --role operator)');
  onShutdown(async () => {
    await app.stop();
    await resources.close();
  }, log);
}
