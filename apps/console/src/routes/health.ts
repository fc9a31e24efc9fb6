import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { connectorHealth } from '@hub/core/health';
import type pg from 'pg';

/** GET /api/health[?connector=id] — per connector: windows of 5 m, 1 h, 24 h and the last success. */
export function registerHealthRoutes(app: FastifyInstance, { pool, connectors }: { pool: pg.Pool; connectors: Readonly<Record<string, Connector>> }): void {
  app.get<{ Querystring: { connector?: string } }>('/api/health', async (request, reply) => {
    const wanted = request.query.connector;
    if (wanted !== undefined && !Object.hasOwn(connectors, wanted)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${wanted}"` } });
    const ids = wanted ? [wanted] : Object.values(connectors).filter((c) => c.webhook).map((c) => c.id);
    return { connectors: await connectorHealth(pool, ids) };
  });
}
