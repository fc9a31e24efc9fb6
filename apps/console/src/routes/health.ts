import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { connectorHealth, type RateLimitSource } from '@hub/core/health';
import type { ConnectorQueues } from '@hub/core/queue';
import type pg from 'pg';

export interface HealthRouteDeps {
  pool: pg.Pool;
  connectors: Readonly<Record<string, Connector>>;
  /** Queue depth, in-flight and DLQ size (omitted: null in the answer). */
  queues?: ConnectorQueues;
  /** Rate-limit headroom from the shared limiter (omitted: null in the answer). */
  rateLimits?: RateLimitSource;
}

/**
 * GET /api/health[?connector=id][&accounts=true] — per connector: counts, success rate and
 * latency over 5 m / 1 h / 24 h, queue, circuit, rate-limit headroom, time since the last success;
 * with `accounts=true` the windows per account too.
 */
export function registerHealthRoutes(app: FastifyInstance, { pool, connectors, queues, rateLimits }: HealthRouteDeps): void {
  app.get<{ Querystring: { connector?: string; accounts?: string } }>('/api/health', async (request, reply) => {
    const wanted = request.query.connector;
    if (wanted !== undefined && !Object.hasOwn(connectors, wanted)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${wanted}"` } });
    const ids = wanted ? [wanted] : Object.values(connectors).filter((c) => c.webhook).map((c) => c.id);
    const byAccount = request.query.accounts === 'true' || request.query.accounts === '1';
    return { connectors: await connectorHealth(pool, ids, { byAccount, ...(queues ? { queues } : {}), ...(rateLimits ? { rateLimits } : {}) }) };
  });
}
