import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { connectorTimeSeries } from '@hub/core/health';
import type pg from 'pg';
import { z } from 'zod';
import { parseTimeSeriesQuery, TimeSeriesQuery } from './timeseries-query.js';

const ConnectorParams = z.object({ connector: z.string() });
const ConnectorTimeSeriesQuery = TimeSeriesQuery.extend({
  account: z.string().max(200).optional().meta({ description: "one account's counts and latency (`''`: events without an account); samples and markers stay the connector's" }),
});

/**
 * GET /api/connectors/:connector/timeseries?range=1h|24h|7d[&account=] — the connector page's
 * charts: counts by outcome and latency percentiles per minute (per hour for 7 d) from the
 * rollups, sampled queue / headroom / circuit figures, and markers (alerts, workflow and canary
 * changes, credential changes).
 */
export function registerConnectorTimeSeriesRoute(app: FastifyInstance, { pool, connectors }: { pool: pg.Pool; connectors: Readonly<Record<string, Connector>> }): void {
  const doc = {
    summary: "the connector's chart series over 1 h, 24 h (per minute) or 7 d (per hour), from the rollups",
    description:
      'Received, processed, failed by class, quarantined, dead-lettered and throttled per bucket, outbound latency p50/p95/p99 from the histogram, sampled queue depth, oldest pending age, rate-limit headroom and circuit state, and markers (docs/console.md, "Charts"). 400 `HUB_CHART_RANGE_INVALID` for another range.',
    params: ConnectorParams,
    query: ConnectorTimeSeriesQuery,
    answer: '{ connector, account, range, stepMs, t: [s], counts: {...}, latencyMs: { p50, p95, p99 }, samples: {...}, markers: [{ at, kind, label }] }',
    errors: { 404: 'HUB_CONNECTOR_UNKNOWN' },
  };
  app.get('/api/connectors/:connector/timeseries', { config: { openapi: doc } }, async (request, reply) => {
    const { connector } = ConnectorParams.parse(request.params);
    if (!Object.hasOwn(connectors, connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${connector}"` } });
    const query = parseTimeSeriesQuery(ConnectorTimeSeriesQuery, request.query, reply);
    if (!query) return reply;
    return connectorTimeSeries(pool, connector, { range: query.range, account: query.account });
  });
}
