import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import type pg from 'pg';
import { listDeadLetters, replayEvents } from '@hub/core/replay';
import { actorOf } from '../auth/actor-of.js';
import { clampedInteger, queryText } from './lenient-query.js';

const ConnectorParams = z.object({ connector: z.string() });
const DeadLetterQuery = z.object({
  quarantined: queryText('`false` leaves the quarantined events out'),
  limit: clampedInteger({ min: 1, max: 5_000, fallback: 500 }),
});

const ReplayBody = z
  .object({
    eventIds: z.array(z.string()).min(1).max(10_000).optional(),
    connector: z.string().optional(),
    dlq: z.boolean().optional(),
    includeQuarantined: z.boolean().optional(),
    from: z.iso.datetime({ offset: true }).optional(),
    to: z.iso.datetime({ offset: true }).optional(),
    reason: z.string().min(1, 'say why you replay').max(500),
    dryRun: z.boolean().optional(),
  })
  .refine((b) => Boolean(b.eventIds) !== Boolean(b.connector && (b.dlq || b.from)), 'give eventIds, or a connector with dlq: true, or a connector with from (and to)');

export interface DeadLetterRouteDeps {
  pool: pg.Pool;
  connectors: Readonly<Record<string, Connector>>;
}

/** GET /api/connectors/:connector/dlq — the same domain function as `hub dlq`. */
export function registerDeadLetterRoutes(app: FastifyInstance, { pool, connectors }: DeadLetterRouteDeps): void {
  const doc = {
    summary: "the connector's dead-lettered (and quarantined) events",
    description: 'Each with its last error class, code, attempts and time (as `hub dlq`).',
    params: ConnectorParams,
    query: DeadLetterQuery,
    answer: '{ deadLetters: [...] }',
    errors: { 404: 'HUB_CONNECTOR_UNKNOWN' },
  };
  app.get('/api/connectors/:connector/dlq', { config: { openapi: doc } }, async (request, reply) => {
    const { connector } = ConnectorParams.parse(request.params);
    if (!Object.hasOwn(connectors, connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${connector}"` } });
    const { quarantined, limit } = DeadLetterQuery.parse(request.query);
    return { deadLetters: await listDeadLetters(pool, connector, { includeQuarantined: quarantined !== 'false', limit }) };
  });
}

/** POST /api/replay (operators) — the same domain function as `hub replay`, recorded with the token's name. */
export function registerReplayRoute(app: FastifyInstance, { pool, connectors }: DeadLetterRouteDeps): void {
  const doc = {
    summary: 'replay events from the event store',
    description:
      'By ids (`eventIds`), a connector\'s DLQ (`connector` + `dlq: true`, `includeQuarantined`) or a window (`connector` + `from`, `to`); `reason` is required, `dryRun` counts only. Recorded as `api:<token name>`; events already queued or processing are reported in `skipped`, `outcome_unknown` dead letters are left out of bulk replays (docs/operations.md).',
    body: ReplayBody,
    answer: 'the replay report: { replayId, dryRun, selected, replayed, skipped, outcomeUnknown, missing, eventIds }',
    errors: { 404: 'HUB_CONNECTOR_UNKNOWN' },
  };
  app.post('/api/replay', { config: { openapi: doc } }, async (request, reply) => {
    const parsed = ReplayBody.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ error: { code: 'HUB_BAD_REQUEST', message: z.prettifyError(parsed.error) } });
    const body = parsed.data;
    if (body.connector && !Object.hasOwn(connectors, body.connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${body.connector}"` } });
    const actor = actorOf(request);
    const selection = body.eventIds
      ? { kind: 'ids' as const, eventIds: body.eventIds }
      : body.dlq
        ? { kind: 'dlq' as const, connector: body.connector as string, includeQuarantined: body.includeQuarantined ?? false }
        : { kind: 'window' as const, connector: body.connector as string, from: new Date(body.from as string), ...(body.to ? { to: new Date(body.to) } : {}) };
    const report = await replayEvents(pool, { selection, actor, reason: body.reason, dryRun: body.dryRun ?? false });
    request.log.info({ replayId: report.replayId, actor, selected: report.selected, dryRun: report.dryRun }, 'replay requested');
    return report;
  });
}
