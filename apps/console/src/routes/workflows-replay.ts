import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import { isHubError } from '@hub/core/errors';
import { parseTimeArgument } from '@hub/core/replay';
import { dryRunVersionReplay, replayVersion, VERSION_REPLAY_MAX_LIMIT } from '@hub/core/workflows';
import { actorOf } from '../auth/actor-of.js';
import { parseRequest, storeRefusal } from './workflows-request.js';

const NameParams = z.object({ name: z.string().min(1) });
const ReplayBody = z
  .object({
    version: z.number().int().min(1),
    /** An ISO date-time or an age (`2h`, `7d`), as `hub replay --from` takes. */
    from: z.string().min(1),
    to: z.string().min(1).optional(),
    dryRun: z.boolean(),
    limit: z.number().int().min(1).max(VERSION_REPLAY_MAX_LIMIT).optional(),
    /** Recorded with the replay. */
    reason: z.string().max(500).optional(),
  })
  .strict();

/**
 * POST /api/workflows/:name/replay { version, from, to?, dryRun, limit?, reason? } (operators):
 * the stored webhooks of the version's trigger received in the window, run through that version.
 * A dry run shows per event the path and the calls the version would make next to the calls made;
 * a real one queues each event again pinned to (workflow, version), recorded with the actor.
 */
export function registerWorkflowReplayRoute(app: FastifyInstance, { pool, connectors }: { pool: pg.Pool; connectors: Readonly<Record<string, Connector>> }): void {
  const doc = {
    summary: "replay the stored webhooks of a version's trigger through that version only",
    description:
      '`from`/`to`: ISO or an age such as `2h`; at most 500 events, oldest first. A dry run gives per event `path`, `wouldCall`, `didCall` and `diff`; a real one queues them (docs/workflows.md, "Replay against a version").',
    params: NameParams,
    body: ReplayBody,
    answer: 'dry run: { events }; otherwise { queued, eventIds, skipped, replayId }',
    errors: { 404: 'HUB_WORKFLOW_NOT_FOUND, HUB_WORKFLOW_VERSION_NOT_FOUND', 409: 'HUB_WORKFLOW_OPERATION_INVALID' },
  };
  app.post('/api/workflows/:name/replay', { config: { openapi: doc } }, async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    const body = parseRequest(ReplayBody, request.body);
    const now = new Date();
    const window = { pool, catalog: connectors, name, version: body.version, from: parseTimeArgument(body.from, now), to: body.to ? parseTimeArgument(body.to, now) : now, limit: body.limit };
    const actor = actorOf(request);
    try {
      if (body.dryRun) {
        const { events } = await dryRunVersionReplay(window);
        return { events };
      }
      const report = await replayVersion({ ...window, actor, reason: body.reason });
      request.log.info({ workflow: name, version: body.version, replayId: report.replayId, queued: report.queued, actor }, 'workflow replay against a version requested');
      return { queued: report.queued, eventIds: report.eventIds, skipped: report.skipped, replayId: report.replayId };
    } catch (err) {
      // HUB_BAD_REQUEST (the window) goes to the app's handler; the store's refusals are 404 / 409 / 400.
      if (isHubError(err) && err.code === 'HUB_BAD_REQUEST') throw err;
      const refusal = storeRefusal(err);
      return reply.code(refusal.status).send(refusal.body);
    }
  });
}
