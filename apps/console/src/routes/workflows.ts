import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import type { WorkflowRuns, WorkflowStore } from '@hub/core/workflows';
import { workflowCatalog } from './workflows-catalog.js';
import { parseRequest, workflowNotFound } from './workflows-request.js';

const NameParams = z.object({ name: z.string().min(1) });
const VersionParams = NameParams.extend({ version: z.coerce.number().int().min(1) });

/**
 * GET /api/workflows (summaries, each with its runs of the last 24 h and last error), GET /api/workflows/catalog (what a builder offers),
 * GET /api/workflows/:name (detail: versions newest first, previousVersions), GET /api/workflows/:name/versions/:version.
 */
export function registerWorkflowRoutes(
  app: FastifyInstance,
  { workflows, runs, connectors }: { workflows: WorkflowStore; runs: WorkflowRuns; connectors: Readonly<Record<string, Connector>> },
): void {
  // The installed connectors do not change while the console runs.
  const catalog = workflowCatalog(connectors);

  app.get('/api/workflows', async () => {
    const list = await workflows.list();
    const counts = await runs.counts(list.map((w) => w.id));
    return { workflows: list.map((w) => ({ ...w, runs: counts.get(w.id) })) };
  });

  // A static segment wins over :name in Fastify's router, so no workflow detail is reachable as "catalog" (the API refuses that name).
  app.get('/api/workflows/catalog', async () => catalog);

  app.get('/api/workflows/:name', async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    const workflow = await workflows.get(name);
    return workflow ? { workflow } : reply.code(404).send(workflowNotFound(name));
  });

  app.get('/api/workflows/:name/versions/:version', async (request, reply) => {
    const { name, version } = parseRequest(VersionParams, request.params);
    const workflow = await workflows.get(name);
    if (!workflow) return reply.code(404).send(workflowNotFound(name));
    const found = workflow.versions.find((v) => v.version === version);
    if (!found) {
      return reply.code(404).send({ error: { code: 'HUB_WORKFLOW_VERSION_NOT_FOUND', message: `${name} has no version ${version} (versions 1 to ${workflow.latestVersion})` } });
    }
    return { name, ...found };
  });
}
