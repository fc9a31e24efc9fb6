import { RateLimitPolicy } from '@hub/connector-sdk';
import type { ConnectorCatalog } from '@hub/catalog';
import type { Env } from '@hub/core/config';
import type { Logger } from '@hub/core/logger';
import { connectRedis } from '@hub/core/rate-limit';
import type { HubResources } from '@hub/core/runtime';
import { loadSlackConfig, startSlackApp, type RunningSlackApp } from '@hub/slack';

/** The three settings without which the Slack app cannot answer anyone. */
export const SLACK_REQUIRED = ['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'SLACK_TEAM_ID'] as const;

export function slackConfigured(env: Env): boolean {
  return SLACK_REQUIRED.every((name) => Boolean(env[name]));
}

/** The Slack app over the hub's resources, with the workers' shared rate limiter for the headroom figures. */
export async function startSlack(env: Env, catalog: ConnectorCatalog, resources: HubResources, log: Logger): Promise<{ app: RunningSlackApp; stop(): Promise<void> }> {
  const config = loadSlackConfig(env);
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
  return {
    app,
    async stop() {
      await app.stop();
      redis.disconnect();
    },
  };
}
