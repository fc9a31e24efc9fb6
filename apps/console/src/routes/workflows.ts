import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import type { WorkflowStore } from '@hub/core/workflows';
import { workflowCatalog } from './workflows-catalog.js';
import { parseRequest, workflowNotFound } from './workflows-request.js';

const NameParams = z.object({ name: z.string().min(1) });
const VersionParams = NameParams.extend({ version: z.coerce.number().int().min(1) });

/**
 * GET /api/workflows (summaries), GET /api/workflows/catalog (what a builder offers),
 * GET /api/workflows/:name (detail: versions newest first, previousVersions), GET /api/workflows/:name/versions/:version.
 */
export function registerWorkflowRoutes(app: FastifyInstance, { workflows, connectors }: { workflows: WorkflowStore; connectors: Readonly<Record<string, Connector>> }): void {
  // The installed connectors do not change while the console runs.
  const catalog = workflowCatalog(connectors);

  app.get('/api/workflows', async () => ({ workflows: await workflows.list() }));

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
