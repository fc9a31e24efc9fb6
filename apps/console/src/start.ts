import type { Connector } from '@hub/connector-sdk';
import type { Logger } from '@hub/core/logger';
import type { HubResources } from '@hub/core/runtime';
import { buildApp } from './app.js';
import type { ConsoleConfig } from './config.js';

export async function startConsole(config: ConsoleConfig, resources: HubResources, connectors: Readonly<Record<string, Connector>>, log: Logger): Promise<{ url: string; stop(): Promise<void> }> {
  const app = buildApp({ store: resources.store, queues: resources.queues, connectors, log, token: config.HUB_CONSOLE_TOKEN, outboundAllowedHosts: config.HUB_OUTBOUND_ALLOWED_HOSTS });
  const url = await app.listen({ port: config.HUB_CONSOLE_PORT, host: config.HUB_CONSOLE_HOST });
  return { url, stop: () => app.close() };
}
