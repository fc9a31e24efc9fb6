import type { FastifyInstance } from 'fastify';
import type pg from 'pg';
import { z } from 'zod';
import { canaryStatus, WorkflowRuns } from '@hub/core/workflows';
import { parseRequest, workflowNotFound } from './workflows-request.js';

const NameParams = z.object({ name: z.string().min(1) });
const RunsQuery = z.object({ limit: z.coerce.number().int().min(1).max(500).default(50), version: z.coerce.number().int().min(1).optional() });

/**
 * GET /api/workflows/:name/runs?limit=50&version=N (newest first) and GET /api/workflows/:name/canary
 * (the running canary beside the stable version, and the last automatic rollback). Reads.
 */
export function registerWorkflowRunRoutes(app: FastifyInstance, { pool }: { pool: pg.Pool }): void {
  const runs = new WorkflowRuns(pool);

  const runsDoc = {
    summary: 'the runs of a workflow, newest first',
    description: 'Event, version, canary, status, attempts, times, duration, the node ids that ran, the error (docs/workflows.md, "Runs").',
    params: NameParams,
    query: RunsQuery,
    answer: '{ runs: [...] }',
    errors: { 404: 'HUB_WORKFLOW_NOT_FOUND' },
  };
  app.get('/api/workflows/:name/runs', { config: { openapi: runsDoc } }, async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    const { limit, version } = parseRequest(RunsQuery, request.query);
    const id = await runs.idOf(name);
    if (!id) return reply.code(404).send(workflowNotFound(name));
    return { runs: await runs.list(id, { limit, version }) };
  });

  const canaryDoc = {
    summary: 'the running canary beside the stable version, and the last automatic rollback',
    description: 'Runs, failed, failure rate and p95 of each since the canary started (docs/workflows.md, "Canary guard").',
    params: NameParams,
    answer: 'the canary status',
    errors: { 404: 'HUB_WORKFLOW_NOT_FOUND' },
  };
  app.get('/api/workflows/:name/canary', { config: { openapi: canaryDoc } }, async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    const status = await canaryStatus(pool, name);
    return status ?? reply.code(404).send(workflowNotFound(name));
  });
}
