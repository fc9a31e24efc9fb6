import type { FastifyInstance } from 'fastify';
import type { Connector } from '@hub/connector-sdk';
import { overviewTimeSeries } from '@hub/core/health';
import type pg from 'pg';
import { parseTimeSeriesQuery, TimeSeriesQuery } from './timeseries-query.js';

/**
 * GET /api/overview/timeseries?range=1h|24h|7d — the overview's small multiples: per connector
 * that receives webhooks, received and success rate per minute (per hour for 7 d), from the
 * rollups in one query.
 */
export function registerOverviewTimeSeriesRoute(app: FastifyInstance, { pool, connectors }: { pool: pg.Pool; connectors: Readonly<Record<string, Connector>> }): void {
  const doc = {
    summary: 'per connector, webhooks received and success rate per minute (per hour for 7 d) on one time axis, from the rollups',
    description: '400 `HUB_CHART_RANGE_INVALID` for a range other than 1h, 24h, 7d.',
    query: TimeSeriesQuery,
    answer: '{ range, stepMs, t: [s], connectors: { <id>: { received: [...], successRate: [...] } } }',
  };
  app.get('/api/overview/timeseries', { config: { openapi: doc } }, async (request, reply) => {
    const query = parseTimeSeriesQuery(TimeSeriesQuery, request.query, reply);
    if (!query) return reply;
    const ids = Object.values(connectors)
      .filter((c) => c.webhook)
      .map((c) => c.id);
    return overviewTimeSeries(pool, ids, { range: query.range });
  });
}
