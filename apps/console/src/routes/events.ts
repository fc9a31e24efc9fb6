import type { FastifyInstance } from 'fastify';
import type { EventStore } from '@hub/core/event-store';
import { readEventView } from '../event-timeline.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /api/events/:eventId — one webhook with its status and whole timeline. */
export function registerEventRoutes(app: FastifyInstance, store: EventStore): void {
  app.get<{ Params: { eventId: string } }>('/api/events/:eventId', async (request, reply) => {
    const { eventId } = request.params;
    if (!UUID.test(eventId)) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: 'eventId must be a UUID' } });
    const view = await readEventView(store, eventId);
    if (!view) return reply.code(404).send({ error: { code: 'HUB_EVENT_NOT_FOUND', message: `no event ${eventId}` } });
    return view;
  });
}
