import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { EventStore } from '@hub/core/event-store';
import { readEventView } from '../event-timeline.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const EventParams = z.object({ eventId: z.string().regex(UUID, 'eventId must be a UUID') });

/** GET /api/events/:eventId — one webhook with its status and whole timeline. */
export function registerEventRoutes(app: FastifyInstance, store: EventStore): void {
  const doc = {
    summary: 'one webhook: its status and whole timeline',
    description: 'status: `queued`, `processing`, `processed`, `quarantined`, `failed` or `dead_lettered`; the timeline holds the request and response of every attempt.',
    params: EventParams,
    answer: 'the event, its status and timeline',
    errors: { 404: 'HUB_EVENT_NOT_FOUND' },
  };
  app.get('/api/events/:eventId', { config: { openapi: doc } }, async (request, reply) => {
    const parsed = EventParams.safeParse(request.params);
    if (!parsed.success) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: 'eventId must be a UUID' } });
    const { eventId } = parsed.data;
    const view = await readEventView(store, eventId);
    if (!view) return reply.code(404).send({ error: { code: 'HUB_EVENT_NOT_FOUND', message: `no event ${eventId}` } });
    return view;
  });
}
