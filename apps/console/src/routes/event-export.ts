import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { listWebhooks, type WebhookFilters, type WebhookListItem } from '@hub/core/event-explorer';
import { actorOf } from '../auth/actor-of.js';
import { csvRow } from '../export/csv-cell.js';
import { exportFilename } from '../export/export-filename.js';
import { Cursor, EventFilterQuery, webhookFilters } from './event-filters.js';

/** Most rows one export holds; a bigger list is exported in parts with `before`. */
export const MAX_EXPORT_ROWS = 100_000;
/** Rows read per query: one keyset page, written out before the next is read. */
const PAGE_ROWS = 500;

const EventExportQuery = EventFilterQuery.extend({
  format: z.enum(['csv', 'ndjson']),
  before: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(MAX_EXPORT_ROWS).default(MAX_EXPORT_ROWS),
});

const COLUMNS = ['eventId', 'receivedAt', 'connector', 'account', 'eventType', 'providerEventId', 'status', 'updatedAt'] as const satisfies readonly (keyof WebhookListItem)[];

type Format = 'csv' | 'ndjson';
const render: Record<Format, (e: WebhookListItem) => string> = {
  csv: (e) => csvRow(COLUMNS.map((c) => e[c])),
  ndjson: (e) => `${JSON.stringify(Object.fromEntries(COLUMNS.map((c) => [c, e[c] ?? null])))}\n`,
};

/** The pages of the filtered list, each rendered as one chunk; a client that goes away stops the reading. */
async function* exportChunks(pool: pg.Pool, filters: WebhookFilters, format: Format, limit: number, before: string | undefined, connectors: readonly string[], counted: { rows: number }): AsyncGenerator<string> {
  if (format === 'csv') yield csvRow(COLUMNS);
  let cursor = before;
  while (counted.rows < limit) {
    const page = await listWebhooks(pool, filters, { before: cursor, limit: Math.min(PAGE_ROWS, limit - counted.rows) }, connectors);
    if (page.events.length > 0) yield page.events.map(render[format]).join('');
    counted.rows += page.events.length;
    if (!page.next) return;
    cursor = page.next;
  }
}

/**
 * GET /api/events/export — the filtered list as CSV or NDJSON, streamed page by page (keyset, as
 * the list) so neither the console nor the database holds the whole export.
 */
export function registerEventExportRoute(app: FastifyInstance, pool: pg.Pool, connectors: readonly string[]): void {
  const doc = {
    summary: 'the filtered events list as a CSV or NDJSON download',
    description: `The filters of GET /api/events; newest first, at most \`limit\` rows (${MAX_EXPORT_ROWS.toLocaleString('en')}): a bigger list is exported in parts, \`before\` the last eventId's cursor. CSV cells that a spreadsheet would run as a formula start with \`'\`.`,
    query: EventExportQuery,
    answer: 'CSV (a header row, then eventId, receivedAt, connector, account, eventType, providerEventId, status, updatedAt) or one JSON object per line with the same fields',
    produces: ['text/csv', 'application/x-ndjson'] as const,
  };
  app.get('/api/events/export', { config: { openapi: doc } }, async (request, reply) => {
    const parsed = EventExportQuery.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: z.prettifyError(parsed.error) } });
    const { format, before, limit, ...query } = parsed.data;
    const filters = webhookFilters(query);
    const counted = { rows: 0 };
    const body = Readable.from(exportChunks(pool, filters, format, limit, before, connectors, counted));
    // Reads are not events; an export (data leaving the hub) is logged with who took it.
    const actor = actorOf(request);
    body.on('end', () => request.log.info({ actor, format, filters: query, rows: counted.rows }, 'events exported'));
    body.on('error', (err) => request.log.error({ err, actor, format, rows: counted.rows }, 'events export failed part-way'));
    return reply
      .header('content-type', format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8')
      .header('content-disposition', `attachment; filename="${exportFilename(query.connector, format, new Date())}"`)
      .header('cache-control', 'no-store')
      .send(body);
  });
}
