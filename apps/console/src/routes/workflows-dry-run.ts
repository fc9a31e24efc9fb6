import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import { isHubError } from '@hub/core/errors';
import { dryRunWorkflow } from '@hub/core/workflows';
import { parseRequest } from './workflows-request.js';

const Sample = { last: z.number().int().min(1).max(200).optional(), eventIds: z.array(z.string()).min(1).max(200).optional() };
const DryRunBody = z.union([
  z.object({ definition: z.unknown(), ...Sample }).strict(),
  z.object({ name: z.string().min(1), version: z.number().int().min(1).optional(), ...Sample }).strict(),
]);

/** Dry-run refusals are the client's to fix: the status says which kind. */
const STATUS_OF: Readonly<Record<string, number>> = {
  HUB_WORKFLOW_INVALID: 400,
  HUB_WORKFLOW_DRY_RUN_INVALID: 400,
  HUB_WORKFLOW_NOT_FOUND: 404,
  HUB_WORKFLOW_VERSION_NOT_FOUND: 404,
  HUB_EVENT_NOT_FOUND: 404,
};

/**
 * POST /api/workflows/dry-run: a definition not saved yet, or a stored version, run over stored
 * webhooks of its trigger (the last N, or named ones) without a call or a write — what the builder
 * shows before a save. A read, so no write token is needed beyond the console's own.
 */
export function registerWorkflowDryRunRoute(app: FastifyInstance, { pool, connectors }: { pool: pg.Pool; connectors: Readonly<Record<string, Connector>> }): void {
  const doc = {
    summary: 'run a draft or a stored version over stored webhooks of its trigger, without a call or a write',
    description: '`definition` (a draft) or `name` and `version`; `last` (default 20) or `eventIds`. Per event `would_run`, `filtered` or `error`, with each step\'s input.',
    body: DryRunBody,
    answer: '{ events: [...] } per event, with each step',
    errors: { 404: 'HUB_WORKFLOW_NOT_FOUND, HUB_WORKFLOW_VERSION_NOT_FOUND, HUB_EVENT_NOT_FOUND' },
  };
  app.post('/api/workflows/dry-run', { config: { openapi: doc } }, async (request, reply) => {
    const body = parseRequest(DryRunBody, request.body);
    const workflow = 'definition' in body ? { definition: body.definition } : { name: body.name, version: body.version };
    try {
      return await dryRunWorkflow({ pool, catalog: connectors, workflow, last: body.last, eventIds: body.eventIds });
    } catch (err) {
      if (!isHubError(err) || !Object.hasOwn(STATUS_OF, err.code)) throw err;
      const { problems, nodeProblems } = (err.details as { problems?: string[]; nodeProblems?: unknown[] } | undefined) ?? {};
      // nodeProblems: where each problem belongs, so the builder's "Check" marks nodes as a refused save does.
      return reply.code(STATUS_OF[err.code] as number).send({ error: { code: err.code, message: err.message }, ...(problems ? { problems } : {}), ...(nodeProblems ? { nodeProblems } : {}) });
    }
  });
}
