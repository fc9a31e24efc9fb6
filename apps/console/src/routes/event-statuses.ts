import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { deriveStatus, LifecycleEventTypes } from '@hub/core/event-store';

const StatusesBody = z.object({ eventIds: z.array(z.uuid()).min(1).max(1_000) });

/**
 * POST /api/events/statuses { eventIds } — the current status of each (a read, sent as POST
 * because a replay's ids do not fit in a URL). The console's replay progress polls nothing:
 * it asks again when /api/stream names one of the streams.
 */
export function registerEventStatusRoutes(app: FastifyInstance, pool: pg.Pool): void {
  const doc = { summary: 'the current status of each event (a read, sent as POST: the ids do not fit in a URL)', body: StatusesBody, answer: '{ statuses: { <eventId>: status or null } }' };
  app.post('/api/events/statuses', { config: { openapi: doc } }, async (request, reply) => {
    const parsed = StatusesBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: z.prettifyError(parsed.error) } });
    const { rows } = await pool.query<{ stream: string; type: string }>(
      `SELECT DISTINCT ON (stream) stream, type FROM events
       WHERE stream = ANY($1::uuid[]) AND type = ANY($2::text[])
       ORDER BY stream, id DESC`,
      [parsed.data.eventIds, LifecycleEventTypes],
    );
    return { statuses: Object.fromEntries(rows.map((r) => [r.stream, deriveStatus([r.type]) ?? null])) };
  });
}
