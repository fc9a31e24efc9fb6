import { configureJsonata, RateLimitPolicy, type Connector } from '@hub/connector-sdk';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { httpServerLimits, jsonataLimits } from '@hub/core/config';
import { hubError, portInUse } from '@hub/core/errors';
import type { Logger } from '@hub/core/logger';
import { connectRedis } from '@hub/core/rate-limit';
import type { HubResources } from '@hub/core/runtime';
import { buildApp } from './app.js';
import { consoleAccess, type ConsoleConfig } from './config.js';

export interface RunningConsole {
  url: string;
  /** How the API is opened, for the start banner. */
  access: 'tokens' | 'open-reads-on-loopback';
  stop(): Promise<void>;
}

/**
 * Starts the console. Production with no credential at all (no HUB_CONSOLE_TOKEN, no active named
 * token) refuses to start: an API holding every stored payload is never open.
 */
export async function startConsole(config: ConsoleConfig, resources: HubResources, connectors: Readonly<Record<string, Connector>>, log: Logger): Promise<RunningConsole> {
  // Dry runs evaluate workflows' JSONata under the same limits as the worker.
  configureJsonata(jsonataLimits(config));
  const access = consoleAccess(config);
  const hasNamedTokens = await new ApiTokenStore(resources.pool).hasActiveTokens();
  if (!access.bootstrapToken && !hasNamedTokens && !access.openReadsWithoutCredential) {
    throw hubError(
      'HUB_CONFIG_INVALID',
      'the console will not start in production without a credential: set HUB_CONSOLE_TOKEN (openssl rand -base64 32) or create an operator token first (hub tokens create <name> --role operator)',
      { details: { problems: ['HUB_CONSOLE_TOKEN: required in production when no named token exists'] } },
    );
  }
  // Headroom per account is read from the workers' shared limiter; without Redis it shows as unknown.
  const redis = await connectRedis(config.REDIS_URL, log, 1_000);
  const declared = (id: string) => (Object.hasOwn(connectors, id) ? connectors[id]?.rateLimit : undefined);
  const rateLimits = { redis, prefix: `hub:${config.DATABASE_SCHEMA}:${config.HUB_QUEUE_PREFIX}`, policyFor: (id: string) => (declared(id) ? RateLimitPolicy.parse(declared(id)) : undefined) };
  const app = buildApp({ store: resources.store, queues: resources.queues, connectors, log, access, rateLimits, outboundAllowedHosts: config.HUB_OUTBOUND_ALLOWED_HOSTS, http: httpServerLimits(config) });
  const url = await app.listen({ port: config.HUB_CONSOLE_PORT, host: config.HUB_CONSOLE_HOST }).catch((err: unknown) => {
    redis.disconnect();
    return portInUse('HUB_CONSOLE_PORT', { zero: 'free' })(err);
  });
  const stop = async () => {
    await app.close();
    redis.disconnect();
  };
  return { url, access: access.bootstrapToken || hasNamedTokens ? 'tokens' : 'open-reads-on-loopback', stop };
}
