import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { EventTypes } from '@hub/core/event-store';

const FAILURES = [EventTypes.webhookFailed, EventTypes.webhookDeadLettered, EventTypes.webhookQuarantined];
const COUNTED = [EventTypes.webhookReceived, EventTypes.webhookProcessed, ...FAILURES];
const MINUTES = 30;

export interface ConnectorSeries {
  received: number[];
  processed: number[];
  /** Failed attempts, dead letters and quarantines. */
  errors: number[];
}

/**
 * GET /api/series — per connector, one count per minute over the last 30 minutes (oldest first)
 * for the overview's sparklines; one range scan of the (connector, type, created_at) index.
 */
export function registerEventSeriesRoutes(app: FastifyInstance, pool: pg.Pool): void {
  const doc = { summary: 'per connector, counts per minute over the last 30 minutes (oldest first)', answer: '{ minutes: 30, connectors: { <id>: { received: [...], processed: [...], errors: [...] } } }' };
  app.get('/api/series', { config: { openapi: doc } }, async () => {
    const { rows } = await pool.query<{ connector: string; type: string; minute: number; n: number }>(
      `SELECT connector, type,
              floor(extract(epoch FROM (date_trunc('minute', now()) - date_trunc('minute', created_at))) / 60)::int AS minute,
              count(*)::int AS n
       FROM events
       WHERE type = ANY($1::text[]) AND created_at >= date_trunc('minute', now()) - make_interval(mins => $2)
       GROUP BY 1, 2, 3`,
      [COUNTED, MINUTES - 1],
    );
    const connectors: Record<string, ConnectorSeries> = {};
    for (const row of rows) {
      const index = MINUTES - 1 - row.minute;
      if (index < 0 || index >= MINUTES) continue;
      const series = (connectors[row.connector] ??= { received: Array<number>(MINUTES).fill(0), processed: Array<number>(MINUTES).fill(0), errors: Array<number>(MINUTES).fill(0) });
      if (row.type === EventTypes.webhookReceived) series.received[index] = (series.received[index] ?? 0) + row.n;
      else if (row.type === EventTypes.webhookProcessed) series.processed[index] = (series.processed[index] ?? 0) + row.n;
      else series.errors[index] = (series.errors[index] ?? 0) + row.n;
    }
    return { minutes: MINUTES, connectors };
  });
}
