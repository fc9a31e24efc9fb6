import { BaseEnv, MetricsEnv, parseEnv, RelayEnv, type Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { HubMetrics, serveMetrics } from '@hub/core/metrics';
import { OutboxRelay } from '@hub/core/outbox';
import { openHubResources } from '@hub/core/runtime';
import { onShutdown } from '../shutdown.js';

const RelayCommandEnv = BaseEnv.extend(RelayEnv.shape).extend(MetricsEnv.shape);

/**
 * `hub relay`: the outbox relay on its own (for an ingress run with HUB_RELAY=off), so the
 * webhook receiver and the relay can be deployed, scaled and killed apart. Several may run at once.
 */
export async function runRelay(env: Env): Promise<void> {
  const config = parseEnv(RelayCommandEnv, env);
  const log = createLogger({ service: 'relay', level: config.LOG_LEVEL });
  const resources = openHubResources(config);
  const metrics = new HubMetrics('relay');
  const relay = new OutboxRelay({ pool: resources.pool, queues: resources.queues, log, metrics, leaseMs: config.HUB_RELAY_LEASE_MS, maxQueueDepth: config.HUB_RELAY_MAX_QUEUE_DEPTH });
  await relay.start();
  const endpoint = config.HUB_METRICS_PORT > 0 ? await serveMetrics(metrics, config.HUB_METRICS_PORT, config.HUB_METRICS_HOST) : undefined;
  log.info({ metrics: endpoint?.url }, 'relay running');
  onShutdown(async () => {
    await relay.stop();
    await endpoint?.close();
    await resources.close();
  }, log);
}
