import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { listWebhooks, type WebhookListItem } from '@hub/core/event-explorer';
import { Cursor, EventFilterQuery, webhookFilters } from './event-filters.js';

const EventListQuery = EventFilterQuery.extend({
  before: Cursor.optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export type EventListItem = WebhookListItem;

/**
 * GET /api/events — webhooks newest first, filtered by connector, account, provider event type,
 * status, time and search words, one keyset page at a time (no OFFSET scans at depth).
 */
export function registerEventListRoutes(app: FastifyInstance, pool: pg.Pool, connectors: readonly string[]): void {
  const doc = {
    summary: 'webhooks, newest first, filtered and searched',
    description:
      'One page at a time: `next` is the cursor for `before` (keyset on the time-ordered id). `type` is the provider event type. `q`: words that must each match the provider event id or a value at a path the connector declares `searchable` (a trailing `*` matches by prefix).',
    query: EventListQuery,
    answer: '{ events: [{ eventId, connector, account, eventType, providerEventId, status, receivedAt, updatedAt }], next }',
  };
  app.get('/api/events', { config: { openapi: doc } }, async (request, reply) => {
    const parsed = EventListQuery.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: z.prettifyError(parsed.error) } });
    const { before, limit, ...filters } = parsed.data;
    return listWebhooks(pool, webhookFilters(filters), { before, limit }, connectors);
  });
}
