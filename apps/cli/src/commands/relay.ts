import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { OutboxRelay } from '@hub/core/outbox';
import { openHubResources } from '@hub/core/runtime';
import { onShutdown } from '../shutdown.js';

/**
 * `hub relay`: the outbox relay on its own (for an ingress run with HUB_RELAY=off), so the
 * webhook receiver and the relay can be deployed, scaled and killed apart.
 */
export async function runRelay(env: Env): Promise<void> {
  const config = parseEnv(BaseEnv, env);
  const log = createLogger({ service: 'relay', level: config.LOG_LEVEL });
  const resources = openHubResources(config);
  const relay = new OutboxRelay({ pool: resources.pool, queues: resources.queues, log });
  await relay.start();
  log.info('relay running');
  onShutdown(async () => {
    await relay.stop();
    await resources.close();
  }, log);
}
