import type { Connector } from '@hub/connector-sdk';
import { WebhookIngestor } from '@hub/core/event-store';
import type { Logger } from '@hub/core/logger';
import { HubMetrics } from '@hub/core/metrics';
import { OutboxRelay } from '@hub/core/outbox';
import type { HubResources } from '@hub/core/runtime';
import { buildApp } from './app.js';
import type { IngressConfig } from './config.js';

export interface RunningIngress {
  url: string;
  /** Stops accepting, lets in-flight commits finish, stops the relay. */
  stop(): Promise<void>;
}

export async function startIngress(config: IngressConfig, resources: HubResources, connectors: Readonly<Record<string, Connector>>, log: Logger, metrics: HubMetrics = new HubMetrics('ingress')): Promise<RunningIngress> {
  const relay = config.HUB_RELAY === 'on' ? new OutboxRelay({ pool: resources.pool, queues: resources.queues, log }) : undefined;
  const ingestor = new WebhookIngestor(resources.pool, { maxInFlight: config.HUB_INGEST_MAX_IN_FLIGHT, onQueued: () => relay?.wake() });
  const app = buildApp({ connectors, webhookSecrets: config.webhookSecrets, ingestor, pool: resources.pool, bodyLimit: config.HUB_BODY_LIMIT_BYTES, log, metrics });
  for (const connector of Object.values(connectors)) {
    if (connector.webhook && !config.webhookSecrets.has(connector.id)) {
      log.warn({ connector: connector.id }, `${connector.secretEnvName} is not set: webhooks for ${connector.id} will be refused`);
    }
  }
  await relay?.start();
  const address = await app.listen({ port: config.HUB_INGRESS_PORT, host: config.HUB_INGRESS_HOST });
  return {
    url: address,
    async stop() {
      await app.close();
      await ingestor.idle();
      await relay?.stop();
    },
  };
}
