import { isHubError, jsonataLimitCode } from '@hub/connector-sdk';
import { hubError } from '../errors/index.js';
import { EventTypes, type StoredEvent } from '../event-store/index.js';
import type { ExpressionBindings, RunnableWorkflow, WorkflowSource } from '../workflows/index.js';
import { evaluate } from '../workflows/index.js';
import { runAction, type ActionEnvironment, type ActionRunResult } from './run-action.js';
import { idempotencyKeyFor } from './run-route-action.js';

export interface RunWorkflowsInput extends ActionEnvironment {
  source: Pick<WorkflowSource, 'forEvent'>;
  /** The event's stream as loaded (what earlier attempts recorded). */
  stream: readonly StoredEvent[];
  payload: unknown;
  canonical: unknown;
  eventType: string;
}

/** `workflow:<name>:<step>`: the label of a step's call, and (after the event id) its idempotency key. */
export const stepLabel = (workflow: string, step: string) => `workflow:${workflow}:${step}`;

/**
 * Runs the enabled workflows the event triggers, by name, each step in order; every call goes
 * through runAction with the key `<eventId>:workflow:<name>:<step>`, so a retry, a replay or a
 * new version does not repeat a call that succeeded. Stops at the first failed call (its outcome
 * decides retry, DLQ or quarantine, as for routes). Within one delivery (since the last replay),
 * a workflow that completed or was filtered is not run again, and one that started runs the
 * version it started with.
 */
export async function runWorkflows(input: RunWorkflowsInput): Promise<ActionRunResult[]> {
  const { received, stream } = input;
  const delivery = stream.slice(stream.findLastIndex((e) => e.type === EventTypes.webhookReplayed) + 1);
  const pinned = new Map<string, number>();
  const finished = new Set<string>();
  for (const e of delivery) {
    const d = e.data as { name?: unknown; version?: unknown };
    if (typeof d.name !== 'string') continue;
    if (e.type === EventTypes.workflowStarted && typeof d.version === 'number') pinned.set(d.name, d.version);
    if (e.type === EventTypes.workflowCompleted || e.type === EventTypes.workflowFiltered) finished.add(d.name);
  }
  for (const name of finished) pinned.delete(name);
  // A retry skips calls that succeeded; the steps after them still read their answers.
  const answers = new Map<string, unknown>();
  for (const e of stream) {
    const d = e.data as { idempotencyKey?: string; response?: { body?: unknown } };
    if (e.type === EventTypes.actionSucceeded && d.idempotencyKey) answers.set(d.idempotencyKey, d.response?.body);
  }

  const workflows = await input.source.forEvent(received.stream, received.connector, input.eventType, pinned);
  const results: ActionRunResult[] = [];
  for (const workflow of workflows) {
    if (finished.has(workflow.name)) continue;
    const run = await runWorkflow(workflow, input, pinned.has(workflow.name), answers);
    results.push(...run.results);
    if (run.failed) break;
  }
  return results;
}

async function runWorkflow(workflow: RunnableWorkflow, input: RunWorkflowsInput, resumed: boolean, answers: ReadonlyMap<string, unknown>): Promise<{ results: ActionRunResult[]; failed: boolean }> {
  const { received } = input;
  const { name, version, canary, compiled } = workflow;
  const base = { stream: received.stream, connector: received.connector, account: received.account };
  const about = { name, version, canary };
  const results: ActionRunResult[] = [];
  const fail = (result: ActionRunResult) => ({ results: [...results, result], failed: true });

  if (compiled.keyPerVersion) {
    // Graphs are validated and stored already; running them comes with the graph executor.
    return fail({ route: `workflow:${name}`, outcome: 'permanent', error: hubError('HUB_WORKFLOW_INVALID', `workflow ${name} v${version} is a graph, which this worker does not run yet`) });
  }
  if (workflow.problems.length > 0) {
    return fail({ route: `workflow:${name}`, outcome: 'permanent', error: hubError('HUB_WORKFLOW_INVALID', `workflow ${name} v${version} cannot run: ${workflow.problems.join('; ')}`) });
  }
  // Durable before any call: a retry of this delivery must find the version it started with.
  if (!resumed) await input.append({ ...base, type: EventTypes.workflowStarted, data: about });

  const bindings: ExpressionBindings = { eventId: received.stream, account: received.account, eventType: input.eventType, canonical: input.canonical, steps: {} };
  const evaluationFailed = (step: string, err: unknown): ActionRunResult => {
    const route = stepLabel(name, step);
    if (isHubError(err) && err.retryable) {
      // Too many evaluations waiting (HUB_JSONATA_BUSY): the event waits in its queue, no attempt used.
      input.record({ ...base, type: EventTypes.actionThrottled, data: { route, workflow: name, version, step, reason: err.code, waitMs: err.retryAfterMs } });
      return { route, outcome: 'throttled', error: err };
    }
    const code = jsonataLimitCode(err) ?? 'HUB_WORKFLOW_EVALUATION_FAILED';
    return { route, outcome: 'invalid_input', error: hubError(code, `workflow ${name} v${version} ${step === 'trigger' ? 'trigger filter' : `step ${step}`}: ${(err as Error).message}`) };
  };
  const filtered = (step: string) => {
    input.record({ ...base, type: EventTypes.workflowFiltered, data: { ...about, step } });
    return { results, failed: false };
  };

  try {
    if (compiled.filter && !(await compiled.filter.holds(input.payload, bindings))) return filtered('trigger');
  } catch (err) {
    return fail(evaluationFailed('trigger', err));
  }

  const steps: { id: string; type: string; outcome: string }[] = [];
  for (const step of compiled.steps) {
    if (step.type === 'switch') return fail({ route: stepLabel(name, step.id), outcome: 'permanent', error: hubError('HUB_WORKFLOW_INVALID', `workflow ${name} v${version}: a switch runs in graphs only`) });
    if (step.type === 'transform' || step.type === 'condition') {
      let passed = true;
      try {
        if (step.type === 'transform') bindings.steps[step.id] = await evaluate(step.expression, input.payload, bindings);
        else passed = await step.when.holds(input.payload, bindings);
      } catch (err) {
        return fail(evaluationFailed(step.id, err));
      }
      if (!passed) return filtered(step.id);
      steps.push({ id: step.id, type: step.type, outcome: step.type === 'transform' ? 'evaluated' : 'passed' });
      continue;
    }
    const label = stepLabel(name, step.id);
    const target = Object.hasOwn(input.connectors, step.connector) ? input.connectors[step.connector] : undefined;
    if (!target || !Object.hasOwn(target.actions, step.action)) {
      // Validated when saved, against the saver's connectors: this worker does not have them.
      return fail({ route: label, outcome: 'permanent', error: hubError('HUB_WORKFLOW_INVALID', `workflow ${name} v${version} step ${step.id}: action ${step.connector}.${step.action} is not installed in this worker`) });
    }
    const idempotencyKey = idempotencyKeyFor(received.stream, label);
    const snapshot = { ...bindings, steps: { ...bindings.steps } };
    const result = await runAction(
      {
        label,
        describe: `workflow ${name} v${version} step ${step.id}`,
        connector: step.connector,
        action: step.action,
        idempotencyKey,
        buildInput: () => step.buildInput(input.payload, snapshot),
        mappingErrorCode: 'HUB_WORKFLOW_EVALUATION_FAILED',
        context: { workflow: name, version, step: step.id },
      },
      input,
    );
    results.push(result);
    if (result.outcome !== 'succeeded' && result.outcome !== 'skipped') return { results, failed: true };
    bindings.steps[step.id] = result.outcome === 'succeeded' ? result.response?.body : answers.get(idempotencyKey);
    steps.push({ id: step.id, type: step.type, outcome: result.outcome });
  }
  input.record({ ...base, type: EventTypes.workflowCompleted, data: { ...about, steps } });
  return { results, failed: false };
}
