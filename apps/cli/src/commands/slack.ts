import { RateLimitPolicy } from '@hub/connector-sdk';
import type { Env } from '@hub/core/config';
import { createLogger } from '@hub/core/logger';
import { connectRedis } from '@hub/core/rate-limit';
import { openHubResources } from '@hub/core/runtime';
import { loadSlackConfig, startSlackApp } from '@hub/slack';
import { installedConnectors } from '../installed-connectors.js';
import { onShutdown } from '../shutdown.js';

/** `hub slack`: the Slack app (`/hub` command, Replay buttons) on HUB_SLACK_PORT, path /slack/events, or over Socket Mode (HUB_SLACK_SOCKET_MODE). */
export async function runSlack(env: Env): Promise<void> {
  const catalog = await installedConnectors(env);
  const config = loadSlackConfig(env);
  const log = createLogger({ service: 'slack', level: config.LOG_LEVEL });
  const resources = openHubResources(config);
  // Rate-limit headroom comes from the workers' shared limiter, as in `hub health`.
  const redis = await connectRedis(config.REDIS_URL, log, 1_000);
  const declared = (id: string) => catalog.get(id)?.rateLimit;
  const app = await startSlackApp(
    {
      config,
      pool: resources.pool,
      store: resources.store,
      queues: resources.queues,
      connectors: catalog.list().filter((c) => c.webhook).map((c) => c.id),
      catalog: Object.fromEntries(catalog.list().map((c) => [c.id, c])),
      rateLimits: { redis, prefix: `hub:${config.DATABASE_SCHEMA}:${config.HUB_QUEUE_PREFIX}`, policyFor: (id) => (declared(id) ? RateLimitPolicy.parse(declared(id)) : undefined) },
      log,
    },
    config.HUB_SLACK_PORT,
  );
  if (app.mode === 'socket') log.info({ mode: app.mode }, 'slack app connected in Socket Mode (development): Slack delivers over a WebSocket, no request URL needed');
  else log.info({ mode: app.mode, url: `${app.url}/slack/events` }, 'slack app listening in HTTP mode');
  onShutdown(async () => {
    await app.stop();
    redis.disconnect();
    await resources.close();
  }, log);
}
