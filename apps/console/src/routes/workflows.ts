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

  const listDoc = {
    summary: 'every workflow with its state and the runs of the last 24 h',
    description: 'Status, active version, canary (with its start and guard), trigger, latest version, who changed it last, and `runs`: counts of the last 24 h by status and the last error.',
    answer: '{ workflows: [...] }',
  };
  app.get('/api/workflows', { config: { openapi: listDoc } }, async () => {
    const list = await workflows.list();
    const counts = await runs.counts(list.map((w) => w.id));
    return { workflows: list.map((w) => ({ ...w, runs: counts.get(w.id) })) };
  });

  // A static segment wins over :name in Fastify's router, so no workflow detail is reachable as "catalog" (the API refuses that name).
  const catalogDoc = {
    summary: 'what a workflow builder offers',
    description: "Each installed connector's events and actions (input as JSON Schema), and whether `forward` (http connector) and `notify` (slack connector) steps can run.",
    answer: '{ connectors: [{ id, name, receivesWebhooks, events, actions: [{ name, description, input }] }], steps: { forward, notify } }',
  };
  app.get('/api/workflows/catalog', { config: { openapi: catalogDoc } }, async () => catalog);

  const detailDoc = {
    summary: 'one workflow with its versions',
    description: '`versions` newest first, each with its definition, author, time and message; `previousVersions`: where a rollback goes.',
    params: NameParams,
    answer: '{ workflow }',
    errors: { 404: 'HUB_WORKFLOW_NOT_FOUND' },
  };
  app.get('/api/workflows/:name', { config: { openapi: detailDoc } }, async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    const workflow = await workflows.get(name);
    return workflow ? { workflow } : reply.code(404).send(workflowNotFound(name));
  });

  const versionDoc = { summary: "one version's definition", params: VersionParams, answer: '{ name, version, definition, … }', errors: { 404: 'HUB_WORKFLOW_NOT_FOUND, HUB_WORKFLOW_VERSION_NOT_FOUND' } };
  app.get('/api/workflows/:name/versions/:version', { config: { openapi: versionDoc } }, async (request, reply) => {
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
