import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import type pg from 'pg';
import { z } from 'zod';
import { listDrift, listPendingDrift, readObservedShapes } from '@hub/core/drift';
import { operatorPermission } from '../auth/operator-permission.js';
import { clampedInteger, queryText } from './lenient-query.js';

const ConnectorParams = z.object({ connector: z.string() });
const DriftQuery = z.object({
  limit: clampedInteger({ min: 1, max: 1_000, fallback: 100 }),
  account: queryText("one account: `pending` counts only its webhooks and lists only the drifts it sent (absent: the whole connector)"),
});

export interface DriftRouteDeps {
  pool: pg.Pool;
  connectors: Readonly<Record<string, Connector>>;
}

/** GET /api/connectors/:connector/drift — the drifts waiting for an operator, the observed shape per event type and the drift reported, newest first. */
export function registerDriftRoutes(app: FastifyInstance, { pool, connectors }: DriftRouteDeps): void {
  const doc = {
    summary: "the connector's unaccepted schema drifts with their diff and counts, the observed shape of each event type, and the drift reports",
    description:
      '`pending`: per event type drifted since its last acceptance, the folded diff, first/last seen, webhooks of the new shape (among the connector\'s newest 10000 since the drift: `newShapeEventsCapped` when there were more), a sample event and the webhooks of that type quarantined since; `canAccept` says whether this token may accept (docs/console.md, "Schema drift"). `drift`: every report, newest first.',
    params: ConnectorParams,
    query: DriftQuery,
    answer: '{ pending: [{ eventType, diff: { added, removed, retyped }, reports, firstSeenAt, lastSeenAt, newShapeEvents, newShapeEventsCapped, sampleEventId, quarantined }], canAccept: { allowed, why? }, observed: [...], drift: [...] }',
    errors: { 404: 'HUB_CONNECTOR_UNKNOWN' },
  };
  app.get('/api/connectors/:connector/drift', { config: { openapi: doc } }, async (request, reply) => {
    const { connector } = ConnectorParams.parse(request.params);
    if (!Object.hasOwn(connectors, connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${connector}"` } });
    const { limit, account } = DriftQuery.parse(request.query);
    const [pending, observed, drift] = await Promise.all([listPendingDrift(pool, connector, { account: account || undefined }), readObservedShapes(pool, connector), listDrift(pool, connector, { limit })]);
    return {
      pending,
      canAccept: operatorPermission(request),
      observed: observed.map((o) => ({ eventType: o.eventType, distinctShapes: o.shape.shapes, fields: Object.keys(o.shape.paths).length, updatedAt: o.updatedAt })),
      drift,
    };
  });
}
