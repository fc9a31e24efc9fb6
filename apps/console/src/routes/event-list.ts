import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { EventTypes, LifecycleEventTypes, deriveStatus, lifecycleTypesFor, type WebhookStatus } from '@hub/core/event-store';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const EventListQuery = z.object({
  connector: z.string().min(1).optional(),
  /** The provider's event type (data.eventType), e.g. payment_intent.succeeded. */
  type: z.string().min(1).optional(),
  status: z.enum(['queued', 'processing', 'processed', 'quarantined', 'failed', 'dead_lettered'] satisfies WebhookStatus[]).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  /** Keyset cursor: the `next` of the previous page. */
  before: z.string().regex(UUID, 'a cursor from `next`').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export interface EventListItem {
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string | null;
  providerEventId: string | null;
  status: WebhookStatus | undefined;
  receivedAt: Date;
  updatedAt: Date;
}

/**
 * GET /api/events — webhooks newest first, filtered by connector, provider event type, status and
 * time, one page at a time (keyset on the time-ordered id: no OFFSET scans at depth).
 */
export function registerEventListRoutes(app: FastifyInstance, pool: pg.Pool): void {
  const doc = {
    summary: 'webhooks, newest first, filtered',
    description: 'One page at a time: `next` is the cursor for `before` (keyset on the time-ordered id). `type` is the provider event type.',
    query: EventListQuery,
    answer: '{ events: [{ eventId, connector, account, eventType, providerEventId, status, receivedAt, updatedAt }], next }',
  };
  app.get('/api/events', { config: { openapi: doc } }, async (request, reply) => {
    const parsed = EventListQuery.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: z.prettifyError(parsed.error) } });
    const q = parsed.data;
    const params: unknown[] = [LifecycleEventTypes];
    const where = [`r.type = '${EventTypes.webhookReceived}'`];
    const add = (sql: (p: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (q.connector) add((p) => `r.connector = ${p}`, q.connector);
    if (q.type) add((p) => `r.data->>'eventType' = ${p}`, q.type);
    if (q.from) add((p) => `r.created_at >= ${p}`, q.from);
    if (q.to) add((p) => `r.created_at < ${p}`, q.to);
    if (q.before) add((p) => `r.id < ${p}`, q.before);
    if (q.status) add((p) => `last.type = ANY(${p}::text[])`, lifecycleTypesFor(q.status));
    params.push(q.limit + 1);
    const { rows } = await pool.query<{ id: string; stream: string; connector: string; account: string | null; event_type: string | null; provider_event_id: string | null; created_at: Date; last_type: string; last_at: Date }>(
      `SELECT r.id, r.stream, r.connector, r.account, r.data->>'eventType' AS event_type, r.provider_event_id, r.created_at,
              last.type AS last_type, last.created_at AS last_at
       FROM events r
       CROSS JOIN LATERAL (
         SELECT e.type, e.created_at FROM events e
         WHERE e.stream = r.stream AND e.type = ANY($1::text[]) ORDER BY e.id DESC LIMIT 1
       ) last
       WHERE ${where.join(' AND ')}
       ORDER BY r.id DESC
       LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, q.limit);
    const events: EventListItem[] = page.map((r) => ({
      eventId: r.stream,
      connector: r.connector,
      account: r.account,
      eventType: r.event_type,
      providerEventId: r.provider_event_id,
      status: deriveStatus([r.last_type]),
      receivedAt: r.created_at,
      updatedAt: r.last_at,
    }));
    return { events, next: rows.length > q.limit ? (page.at(-1)?.id ?? null) : null };
  });
}
