import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Connector } from '@hub/connector-sdk';
import { isHubError } from '@hub/core/errors';
import { checkOutboundUrl, describeOutboundRefusal } from '@hub/core/ssrf';
import { CanaryGuard, isWorkflowGraph, MAX_MESSAGE_LENGTH, validateWorkflow, WorkflowDocument, workflowGraphOf, type WorkflowStore } from '@hub/core/workflows';
import type { RouteDoc } from '../openapi/route-doc.js';
import { parseRequest, storeRefusal } from './workflows-request.js';
import { actorOf } from '../auth/actor-of.js';

export interface WorkflowWriteDeps {
  workflows: WorkflowStore;
  connectors: Readonly<Record<string, Connector>>;
  /** Hosts a forward step may name although they resolve to internal addresses (as the worker's HUB_OUTBOUND_ALLOWED_HOSTS). */
  outboundAllowedHosts: ReadonlySet<string>;
}

const SaveQuery = z.object({ activate: z.enum(['true', 'false']).default('true') });
const NameParams = z.object({ name: z.string().min(1) });
const RollbackBody = z.object({ to: z.number().int().min(1).optional() });
// A workflow document always has a name and a trigger; a body with `document` is the envelope that carries a message.
const SaveEnvelope = z.object({ document: z.unknown(), message: z.string().max(MAX_MESSAGE_LENGTH).optional() }).strict();
// What POST /api/workflows takes, as validateWorkflow parses it: a definition, or the envelope around one.
const SaveBody = z.union([WorkflowDocument, SaveEnvelope.extend({ document: WorkflowDocument })]);
const CanaryBody = z.union([
  z.object({ version: z.number().int().min(1), percent: z.number().int().min(1).max(99), guard: CanaryGuard.optional() }).strict(),
  z.object({ action: z.enum(['promote', 'stop']) }).strict(),
]);

/** GET /api/workflows/catalog and /api/workflows/samples take these paths: a workflow of such a name could not be read through the API. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['catalog', 'samples']);

/** Problems of forward steps (or nodes) whose URL reaches inside the network, in validateWorkflow's `steps[i] "id": …` form. */
async function forwardProblems(definition: WorkflowDocument, allowedHosts: ReadonlySet<string>): Promise<string[]> {
  const list = isWorkflowGraph(definition) ? 'nodes' : 'steps';
  const checks = await Promise.all(
    workflowGraphOf(definition).nodes.map(async (step, index) => {
      if (step.type !== 'forward') return undefined;
      const check = await checkOutboundUrl(step.url, allowedHosts);
      return check.ok ? undefined : `${list}[${index}] "${step.id}": forward URL refused: ${describeOutboundRefusal(check)}`;
    }),
  );
  return checks.filter((p): p is string => p !== undefined);
}

/** Runs a store operation; its refusals (unknown workflow, no earlier version, …) become 404 / 409 / 400. */
async function operate<T>(reply: FastifyReply, run: () => Promise<T>): Promise<T | FastifyReply> {
  try {
    return await run();
  } catch (err) {
    const refusal = storeRefusal(err);
    return reply.code(refusal.status).send(refusal.body);
  }
}

/**
 * POST /api/workflows[?activate=false] (a definition, or { document, message } → 201 { name, version }), and
 * POST /api/workflows/:name/disable | enable | rollback { to? } | canary { version, percent, guard? } or { action: promote | stop }.
 * Operators only; each is recorded in the event store with the actor of the request's token.
 */
export function registerWorkflowWriteRoutes(app: FastifyInstance, { workflows, connectors, outboundAllowedHosts }: WorkflowWriteDeps): void {
  const saveDoc = {
    summary: 'save a workflow definition as a new version',
    description:
      'A definition (docs/workflows.md), or `{ document, message? }` (why, at most 500 characters); active unless `activate=false`. 400 `HUB_WORKFLOW_INVALID` carries `problems` and `nodeProblems` (each with its `node` or `edge`); 400 `HUB_OUTBOUND_ADDRESS_BLOCKED` for a forward URL that resolves to an internal address.',
    query: SaveQuery,
    body: SaveBody,
    status: 201 as const,
    answer: '{ name, version }',
  };
  app.post('/api/workflows', { config: { openapi: saveDoc } }, async (request, reply) => {
    const activate = parseRequest(SaveQuery, request.query).activate === 'true';
    const body = request.body;
    const envelope = typeof body === 'object' && body !== null && Object.hasOwn(body, 'document') ? parseRequest(SaveEnvelope, body) : undefined;
    let definition: WorkflowDocument;
    try {
      definition = validateWorkflow(envelope ? envelope.document : body, connectors);
    } catch (err) {
      if (!isHubError(err) || err.code !== 'HUB_WORKFLOW_INVALID') throw err;
      const details = err.details as { problems?: string[]; nodeProblems?: unknown[] } | undefined;
      const problems = details?.problems ?? [err.message];
      return reply.code(400).send({ error: { code: err.code, message: err.message, problems, ...(details?.nodeProblems ? { nodeProblems: details.nodeProblems } : {}) } });
    }
    if (RESERVED_NAMES.has(definition.name)) {
      const problems = [`name: "${definition.name}" is taken by GET /api/workflows/${definition.name}; choose another name`];
      return reply.code(400).send({ error: { code: 'HUB_WORKFLOW_INVALID', message: problems[0], problems } });
    }
    const refused = await forwardProblems(definition, outboundAllowedHosts);
    if (refused.length > 0) {
      return reply.code(400).send({ error: { code: 'HUB_OUTBOUND_ADDRESS_BLOCKED', message: `workflow "${definition.name}" is refused:\n  ${refused.join('\n  ')}`, problems: refused } });
    }
    const actor = actorOf(request);
    const saved = await workflows.saveVersion(definition, { actor, activate, message: envelope?.message });
    request.log.info({ workflow: saved.name, version: saved.version, activate, actor }, 'workflow version saved through the API');
    return reply.code(201).send({ name: saved.name, version: saved.version });
  });

  const operation = (summary: string, extra: Partial<RouteDoc> = {}): RouteDoc => ({
    summary,
    params: NameParams,
    answer: '{ workflow }',
    errors: { 404: 'HUB_WORKFLOW_NOT_FOUND, HUB_WORKFLOW_VERSION_NOT_FOUND', 409: 'HUB_WORKFLOW_NO_EARLIER_VERSION, HUB_WORKFLOW_OPERATION_INVALID: the operation does not fit its state' },
    ...extra,
  });
  app.post('/api/workflows/:name/disable', { config: { openapi: operation('disable a workflow') } }, async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    return operate(reply, async () => ({ workflow: await workflows.disable(name, actorOf(request)) }));
  });

  app.post('/api/workflows/:name/enable', { config: { openapi: operation('enable a workflow') } }, async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    return operate(reply, async () => ({ workflow: await workflows.enable(name, actorOf(request)) }));
  });

  const rollbackDoc = operation('roll back to the version active before (or to `to`)', { body: RollbackBody, answer: '{ name, from, to }: the version active before and now' });
  app.post('/api/workflows/:name/rollback', { config: { openapi: rollbackDoc } }, async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    const { to } = parseRequest(RollbackBody, request.body ?? {});
    return operate(reply, async () => ({ name, ...(await workflows.rollback(name, actorOf(request), to)) }));
  });

  const canaryDoc = operation('start or move a canary, or promote or stop it', {
    description: '`{ version, percent, guard? }` (the same version again moves the percent) or `{ action: "promote" | "stop" }` (docs/workflows.md, "Canary guard").',
    body: CanaryBody,
  });
  app.post('/api/workflows/:name/canary', { config: { openapi: canaryDoc } }, async (request, reply) => {
    const { name } = parseRequest(NameParams, request.params);
    const body = parseRequest(CanaryBody, request.body);
    const actor = actorOf(request);
    return operate(reply, async () => {
      if ('version' in body) return { workflow: await workflows.setCanary(name, body.version, body.percent, actor, body.guard) };
      return { workflow: body.action === 'promote' ? await workflows.promoteCanary(name, actor) : await workflows.stopCanary(name, actor) };
    });
  });
}
