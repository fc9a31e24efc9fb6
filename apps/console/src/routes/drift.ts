import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import type pg from 'pg';
import { listDrift, readObservedShapes } from '@hub/core/drift';

export interface DriftRouteDeps {
  pool: pg.Pool;
  connectors: Readonly<Record<string, Connector>>;
}

/** GET /api/connectors/:connector/drift — the observed shape per event type and the drift reported, newest first. */
export function registerDriftRoutes(app: FastifyInstance, { pool, connectors }: DriftRouteDeps): void {
  app.get<{ Params: { connector: string }; Querystring: { limit?: string } }>('/api/connectors/:connector/drift', async (request, reply) => {
    const { connector } = request.params;
    if (!Object.hasOwn(connectors, connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${connector}"` } });
    const limit = Math.min(1_000, Math.max(1, Number(request.query.limit ?? 100) || 100));
    const observed = await readObservedShapes(pool, connector);
    return {
      observed: observed.map((o) => ({ eventType: o.eventType, distinctShapes: o.shape.shapes, fields: Object.keys(o.shape.paths).length, updatedAt: o.updatedAt })),
      drift: await listDrift(pool, connector, { limit }),
    };
  });
}
