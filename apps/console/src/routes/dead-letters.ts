import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import type pg from 'pg';
import { listDeadLetters, replayEvents } from '@hub/core/replay';
import { actorOf } from '../auth/actor-of.js';

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
  app.get<{ Params: { connector: string }; Querystring: { quarantined?: string; limit?: string } }>('/api/connectors/:connector/dlq', async (request, reply) => {
    const { connector } = request.params;
    if (!Object.hasOwn(connectors, connector)) return reply.code(404).send({ error: { code: 'HUB_CONNECTOR_UNKNOWN', message: `no connector "${connector}"` } });
    const limit = Math.min(5_000, Math.max(1, Number(request.query.limit ?? 500) || 500));
    return { deadLetters: await listDeadLetters(pool, connector, { includeQuarantined: request.query.quarantined !== 'false', limit }) };
  });
}

/** POST /api/replay (operators) — the same domain function as `hub replay`, recorded with the token's name. */
export function registerReplayRoute(app: FastifyInstance, { pool, connectors }: DeadLetterRouteDeps): void {
  app.post('/api/replay', async (request, reply) => {
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
