import type { Connector } from '@hub/connector-sdk';
import { httpServerLimits } from '@hub/core/config';
import { portInUse } from '@hub/core/errors';
import { AccountWebhookSecrets, CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
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
  const relayOptions = { pool: resources.pool, queues: resources.queues, log, metrics, leaseMs: config.HUB_RELAY_LEASE_MS, maxQueueDepth: config.HUB_RELAY_MAX_QUEUE_DEPTH };
  const relay = config.HUB_RELAY === 'on' ? new OutboxRelay(relayOptions) : undefined;
  const ingestor = new WebhookIngestor(resources.pool, { maxInFlight: config.HUB_INGEST_MAX_IN_FLIGHT, onQueued: (connectors) => relay?.wake(connectors) });
  const multiAccount = Object.values(connectors).filter((c) => c.webhook?.multiAccount).map((c) => c.id);
  let accountSecrets: AccountWebhookSecrets | undefined;
  if (config.HUB_MASTER_KEYS) {
    const store = new CredentialStore(resources.pool, new EnvMasterKeys(config.HUB_MASTER_KEYS));
    accountSecrets = new AccountWebhookSecrets(store, multiAccount, { ttlMs: config.HUB_ACCOUNT_SECRETS_CACHE_MS });
  } else if (multiAccount.length > 0) {
    log.warn(
      { connectors: multiAccount },
      'HUB_MASTER_KEYS is not set: per-account webhook secrets cannot be read, so webhooks to /webhooks/<connector>/<account> are verified with the connector-wide secret only and stored without an account',
    );
  }
  const app = buildApp({
    connectors,
    webhookSecrets: config.webhookSecrets,
    ...(accountSecrets ? { accountSecrets } : {}),
    ingestor,
    pool: resources.pool,
    bodyLimit: config.HUB_BODY_LIMIT_BYTES,
    log,
    metrics,
    http: httpServerLimits(config),
    refusalLimit: { limit: config.HUB_INGRESS_REFUSAL_LIMIT, windowMs: config.HUB_INGRESS_REFUSAL_WINDOW_S * 1000, exempt: config.HUB_INGRESS_RATE_LIMIT_EXEMPT },
    trustProxy: config.HUB_INGRESS_TRUST_PROXY,
  });
  for (const connector of Object.values(connectors)) {
    if (connector.webhook && !config.webhookSecrets.has(connector.id)) {
      const perAccount = connector.webhook.multiAccount && accountSecrets ? ' (except accounts with their own secret)' : '';
      log.warn({ connector: connector.id }, `${connector.secretEnvName} is not set: webhooks for ${connector.id} will be refused${perAccount}`);
    }
  }
  await relay?.start();
  const address = await app.listen({ port: config.HUB_INGRESS_PORT, host: config.HUB_INGRESS_HOST }).catch(portInUse('HUB_INGRESS_PORT', { zero: 'free' }));
  return {
    url: address,
    async stop() {
      await app.close();
      await ingestor.idle();
      await relay?.stop();
    },
  };
}
