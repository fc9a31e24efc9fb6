import type { Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { openHubResources } from '@hub/core/runtime';
import { loadSlackConfig } from '@hub/slack';
import { installedConnectors } from '../installed-connectors.js';
import { onShutdown } from '../shutdown.js';
import { startSlack } from '../start-slack.js';

/** `hub slack`: the Slack app (`/hub`, buttons, modals, App Home) on HUB_SLACK_PORT, path /slack/events, or over Socket Mode (HUB_SLACK_SOCKET_MODE). */
export async function runSlack(env: Env): Promise<void> {
  const catalog = await installedConnectors(env);
  const config = loadSlackConfig(env);
  const log = createLogger({ service: 'slack', level: config.LOG_LEVEL });
  const resources = openHubResources(config);
  const slack = await startSlack(env, catalog, resources, log);
  onShutdown(async () => {
    await slack.stop();
    await resources.close();
  }, log);
}
