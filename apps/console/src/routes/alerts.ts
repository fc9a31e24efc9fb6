import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { AlertLifecycle, parseMuteDuration } from '@hub/core/alerts';
import { hubError } from '@hub/core/errors';
import type { EventStore } from '@hub/core/event-store';
import type { Logger } from '@hub/core/logger';
import { actorOf } from '../auth/actor-of.js';

export interface AlertRouteDeps {
  store: EventStore;
  log: Logger;
}

const AlertId = z.object({ id: z.uuid() });
const ListQuery = z.object({ status: z.enum(['open', 'resolved', 'all']).default('open'), connector: z.string().optional(), limit: z.coerce.number().int().min(1).max(1000).default(200) });
const MuteBody = z.object({ for: z.string().default('1h') });

/** A bad id or query is the client's error (400 HUB_BAD_REQUEST through the app's error handler), not a 500. */
function parse<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw hubError('HUB_BAD_REQUEST', z.prettifyError(result.error));
  return result.data;
}

const notFound = (id: string) => ({ error: { code: 'HUB_ALERT_NOT_FOUND', message: `no alert ${id}` } });
/** GET /api/alerts[?status=open|resolved|all&connector=], GET /api/alerts/:id. */
export function registerAlertRoutes(app: FastifyInstance, { store, log }: AlertRouteDeps): void {
  const alerts = new AlertLifecycle({ pool: store.pool, store, log });

  app.get('/api/alerts', { config: { openapi: { summary: 'alerts, newest first', description: 'Each with its occurrences, evidence, sample event ids, mute and Slack message (docs/operations.md).', query: ListQuery, answer: '{ alerts: [...] }' } } }, async (request) => {
    const query = parse(ListQuery, request.query);
    return { alerts: await alerts.list({ status: query.status, limit: query.limit, ...(query.connector ? { connector: query.connector } : {}) }) };
  });

  app.get('/api/alerts/:id', { config: { openapi: { summary: 'one alert', params: AlertId, answer: '{ alert }', errors: { 404: 'HUB_ALERT_NOT_FOUND' } } } }, async (request, reply) => {
    const { id } = parse(AlertId, request.params);
    const alert = await alerts.get(id);
    return alert ? { alert } : reply.code(404).send(notFound(id));
  });
}

/** POST /api/alerts/:id/mute { for: "1h" }, POST /api/alerts/:id/resolve (operators). */
export function registerAlertOperatorRoutes(app: FastifyInstance, { store, log }: AlertRouteDeps): void {
  // No notification targets here: a resolve queues the notifications its raise had, and the worker sends them.
  const alerts = new AlertLifecycle({ pool: store.pool, store, log });

  const muteDoc = { summary: "silence the alert's connector and kind for a while", description: '`for`: `30m`, `1h`, `2d`; at most 30 d. Alerts are still recorded, nobody is notified.', params: AlertId, body: MuteBody, answer: '{ alert }', errors: { 404: 'HUB_ALERT_NOT_FOUND' } };
  app.post('/api/alerts/:id/mute', { config: { openapi: muteDoc } }, async (request, reply) => {
    const { id } = parse(AlertId, request.params);
    const forMs = parseMuteDuration(parse(MuteBody, request.body ?? {}).for);
    if (!(await alerts.get(id))) return reply.code(404).send(notFound(id));
    return { alert: await alerts.mute(id, forMs, actorOf(request)) };
  });

  const resolveDoc = { summary: 'resolve an open alert', params: AlertId, answer: '{ alert }', errors: { 404: 'HUB_ALERT_NOT_FOUND', 409: 'HUB_BAD_REQUEST: the alert is not open' } };
  app.post('/api/alerts/:id/resolve', { config: { openapi: resolveDoc } }, async (request, reply) => {
    const { id } = parse(AlertId, request.params);
    const resolved = await alerts.resolveById(id, actorOf(request));
    if (resolved) return { alert: resolved };
    const alert = await alerts.get(id);
    return alert ? reply.code(409).send({ error: { code: 'HUB_BAD_REQUEST', message: `alert ${id} is already ${alert.status}` } }) : reply.code(404).send(notFound(id));
  });
}
