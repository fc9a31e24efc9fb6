import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { connectorHealth, type RateLimitSource } from '@hub/core/health';
import type { ConnectorQueues } from '@hub/core/queue';
import type pg from 'pg';
import { z } from 'zod';
import { queryText } from './lenient-query.js';

const HealthQuery = z.object({
  connector: queryText('one connector (default: every connector that receives webhooks)'),
  accounts: queryText('`true` or `1`: the windows per account too'),
});

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
  const doc = {
    summary: 'per connector over 5 m, 1 h and 24 h: counts, success rate, latency; queue, circuit, rate-limit headroom, last success',
    description: 'Received, processed, failed by class, quarantined, dead-lettered, success rate, outbound latency p50/p95/p99 (as `hub health`).',
    query: HealthQuery,
    answer: '{ connectors: [...] }',
    errors: { 404: 'HUB_CONNECTOR_UNKNOWN' },
  };
  app.get('/api/health', { config: { openapi: doc } }, async (request, reply) => {
    const query = HealthQuery.parse(request.query);
    const wanted = query.connector;
    if (wanted !== undefined && !Object.hasOwn(connectors, wanted)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${wanted}"` } });
    const ids = wanted ? [wanted] : Object.values(connectors).filter((c) => c.webhook).map((c) => c.id);
    const byAccount = query.accounts === 'true' || query.accounts === '1';
    return { connectors: await connectorHealth(pool, ids, { byAccount, ...(queues ? { queues } : {}), ...(rateLimits ? { rateLimits } : {}) }) };
  });
}
