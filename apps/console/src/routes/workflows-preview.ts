import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import { EventTypes, type WebhookReceivedData } from '@hub/core/event-store';
import { listSamples, previewExpression, SAMPLES_DEFAULT_LIMIT, SAMPLES_MAX_LIMIT } from '@hub/core/workflows';
import { parseRequest } from './workflows-request.js';

const SamplesQuery = z.object({
  connector: z.string().min(1),
  /** The provider's event type, as the trigger names it (orders/create, payment_intent.succeeded). */
  event: z.string().min(1),
  limit: z.coerce.number().int().min(1).max(SAMPLES_MAX_LIMIT).default(SAMPLES_DEFAULT_LIMIT),
});

const PreviewBody = z
  .object({
    expression: z.string().max(20_000),
    eventId: z.uuid().optional(),
    /** `$steps` as the author wants to try it: a run sets it from the nodes before. */
    steps: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const RECEIVED_SQL = `SELECT id, connector, account, provider_event_id, data, created_at FROM events WHERE id = $1 AND type = '${EventTypes.webhookReceived}'`;

/**
 * GET /api/workflows/samples?connector=&event=&limit= (stored webhooks of a trigger, newest first,
 * for the builder's sample picker) and POST /api/workflows/preview { expression, eventId?, steps? }
 * (one JSONata expression's value on a stored webhook, evaluated as a run would: the JSONata pool,
 * its limits, the run's bindings). Both only read: the preview reads the one event and calls nothing.
 */
export function registerWorkflowPreviewRoutes(app: FastifyInstance, { pool, connectors }: { pool: pg.Pool; connectors: Readonly<Record<string, Connector>> }): void {
  // A static segment wins over GET /api/workflows/:name in Fastify's router (the name "samples" is refused on save).
  const samplesDoc = {
    summary: 'the stored webhooks of a trigger, newest first, for the builder\'s sample picker',
    description: '`summary`: one line of telling fields (`id=…, name=#1001, total_price=1500.00, currency=USD`).',
    query: SamplesQuery,
    answer: '{ events: [{ eventId, receivedAt, status, summary }] }',
  };
  app.get('/api/workflows/samples', { config: { openapi: samplesDoc } }, async (request) => {
    const { connector, event, limit } = parseRequest(SamplesQuery, request.query);
    return { events: await listSamples(pool, { connector, event }, limit) };
  });

  const previewDoc = {
    summary: "one JSONata expression's value on a stored webhook, evaluated as a run would",
    description:
      'The JSONata pool and its limits, with `$canonical`, `$eventId`, `$account`, `$eventType`, `$steps` bound. A failed evaluation is still a 200: `{ ok: false, error: { code, message, position? } }` (`HUB_JSONATA_SYNTAX` with the position, `HUB_WORKFLOW_EVALUATION_FAILED`, `HUB_JSONATA_TIMEOUT`…).',
    body: PreviewBody,
    answer: '{ ok: true, value } or { ok: false, error }',
    errors: { 404: 'HUB_EVENT_NOT_FOUND' },
  };
  app.post('/api/workflows/preview', { config: { openapi: previewDoc } }, async (request, reply) => {
    const body = parseRequest(PreviewBody, request.body);
    let sample: Parameters<typeof previewExpression>[0]['sample'];
    if (body.eventId) {
      const { rows } = await pool.query<{ id: string; connector: string; account: string | null; provider_event_id: string | null; data: WebhookReceivedData; created_at: Date }>(RECEIVED_SQL, [body.eventId]);
      const row = rows[0];
      if (!row) return reply.code(404).send({ error: { code: 'HUB_EVENT_NOT_FOUND', message: `no received webhook with id ${body.eventId}` } });
      sample = { connector: row.connector, event: { eventId: row.id, providerEventId: row.provider_event_id, account: row.account, receivedAt: row.created_at, data: row.data } };
    }
    return previewExpression({ expression: body.expression, sample, steps: body.steps, catalog: connectors });
  });
}
