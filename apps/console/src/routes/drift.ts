import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import type pg from 'pg';
import { z } from 'zod';
import { listDrift, readObservedShapes } from '@hub/core/drift';
import { clampedInteger } from './lenient-query.js';

const ConnectorParams = z.object({ connector: z.string() });
const DriftQuery = z.object({ limit: clampedInteger({ min: 1, max: 1_000, fallback: 100 }) });

export interface DriftRouteDeps {
  pool: pg.Pool;
  connectors: Readonly<Record<string, Connector>>;
}

/** GET /api/connectors/:connector/drift — the observed shape per event type and the drift reported, newest first. */
export function registerDriftRoutes(app: FastifyInstance, { pool, connectors }: DriftRouteDeps): void {
  const doc = {
    summary: "the observed shape of each of the connector's event types, and the schema drift reported",
    description: 'Drift reports newest first (docs/connectors.md, "Schema drift").',
    params: ConnectorParams,
    query: DriftQuery,
    answer: '{ observed: [{ eventType, distinctShapes, fields, updatedAt }], drift: [...] }',
    errors: { 404: 'HUB_CONNECTOR_UNKNOWN' },
  };
  app.get('/api/connectors/:connector/drift', { config: { openapi: doc } }, async (request, reply) => {
    const { connector } = ConnectorParams.parse(request.params);
    if (!Object.hasOwn(connectors, connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${connector}"` } });
    const { limit } = DriftQuery.parse(request.query);
    const observed = await readObservedShapes(pool, connector);
    return {
      observed: observed.map((o) => ({ eventType: o.eventType, distinctShapes: o.shape.shapes, fields: Object.keys(o.shape.paths).length, updatedAt: o.updatedAt })),
      drift: await listDrift(pool, connector, { limit }),
    };
  });
}
