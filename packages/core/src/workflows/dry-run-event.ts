import { jsonataLimitCode, type Connector } from '@hub/connector-sdk';
import type { z } from 'zod';
import type { CoreErrorCode } from '../errors/index.js';
import type { WebhookReceivedData } from '../event-store/index.js';
import { adapterFor, normalizePayload } from '../processing/normalize-payload.js';
import { redactValue } from '../redact/index.js';
import type { CompiledStep, CompiledWorkflow } from './compile-workflow.js';
import { evaluate, stepReferences, type ExpressionBindings } from './jsonata-expression.js';
import { compileTemplate } from './text-template.js';
import { walkGraph } from './walk-graph.js';
import { isWorkflowGraph, type WorkflowNode } from './workflow-graph.js';
import { workflowGraphOf } from './workflow-graph-of.js';

/**
 * What became of a step in a dry run. `undecided`: the step reads the answer of a call that a dry
 * run does not make (see `unknownSteps`) and failed or did not hold without it; the dry run goes
 * on as if it had passed.
 */
export type DryRunStepOutcome = 'evaluated' | 'passed' | 'filtered' | 'matched' | 'would_send' | 'undecided' | 'error';

export interface DryRunStep {
  id: string;
  type: WorkflowNode['type'];
  outcome: DryRunStepOutcome;
  /** In a graph: the branch a condition (`true`/`false`) or a switch (a case, or `default`) took. */
  branch?: string;
  /** Call steps: the connector action it would call, `http.post`. */
  action?: string;
  /** A call node's own retry limit as written (`retry: { retries }`); absent: the connector's policy alone. */
  retry?: { retries: number };
  /** A transform's value (`$steps.<id>`). */
  value?: unknown;
  /** A call step's input as it would be sent: mapped and parsed by the action's input schema. */
  input?: unknown;
  /** A notify step's rendered text. */
  text?: string;
  /** The `$steps` it reads that a dry run cannot know: answers of calls not made, and values computed from them (evaluated as no value). */
  unknownSteps?: string[];
  problem?: string;
  /** The code the worker would quarantine the event with. */
  code?: CoreErrorCode;
  issues?: z.core.$ZodIssue[];
}

/** The code the worker would record for an expression that threw: its limit's, when it hit one. */
const evaluationCode = (err: unknown): CoreErrorCode => jsonataLimitCode(err) ?? 'HUB_WORKFLOW_EVALUATION_FAILED';

/** One stored `webhook.received` event, as the dry run reads it. */
export interface SampleEvent {
  eventId: string;
  providerEventId: string | null;
  account: string | null;
  receivedAt: Date;
  data: WebhookReceivedData;
}

export interface DryRunEvent {
  eventId: string;
  providerEventId: string | null;
  account: string | null;
  receivedAt: Date;
  outcome: 'would_run' | 'filtered' | 'error';
  /** `trigger` (the trigger's filter) or the id of the condition step that ended the run. */
  filteredBy?: string;
  /** Why the event could not run before any step (payload, normalisation, trigger filter), or the failing step's problem. */
  problem?: string;
  code?: CoreErrorCode;
  issues?: unknown;
  /** The steps that ran, in order; the run stops where the worker's would (a filter, an error). */
  steps: DryRunStep[];
}

/**
 * Runs one stored event through a compiled workflow as the worker would (payload check against
 * the event schema, normalisation to `$canonical`, the trigger filter, each step with the same
 * compiled expressions, conditions and templates, each call's input checked against its action's
 * schema), but calls nothing and records nothing. A call's `$steps.<id>` has no value: the steps
 * that read it are evaluated without it and name it in `unknownSteps`.
 */
export async function dryRunEvent(workflow: CompiledWorkflow, catalog: Readonly<Record<string, Connector>>, event: SampleEvent): Promise<DryRunEvent> {
  const { data } = event;
  const base = { eventId: event.eventId, providerEventId: event.providerEventId, account: event.account, receivedAt: event.receivedAt };
  const steps: DryRunStep[] = [];
  const error = (problem: string, code: CoreErrorCode, issues?: unknown): DryRunEvent => ({ ...base, outcome: 'error', problem, code, ...(issues ? { issues } : {}), steps });

  const connector = Object.hasOwn(catalog, workflow.definition.trigger.connector) ? catalog[workflow.definition.trigger.connector] : undefined;
  if (data.payload === undefined) return error(data.bodyError ?? 'body is not JSON', 'HUB_PAYLOAD_INVALID');
  const schema = connector && Object.hasOwn(connector.events, data.eventType) ? connector.events[data.eventType] : undefined;
  const parsed = schema?.safeParse(data.payload);
  if (parsed && !parsed.success) return error(`payload does not match the ${data.eventType} schema`, 'HUB_PAYLOAD_INVALID', parsed.error.issues);
  const adapter = adapterFor(connector, data.eventType);
  let canonical: unknown;
  if (connector && adapter) {
    const normalized = await normalizePayload(connector, adapter, data.payload, data.headers ?? {});
    if (!normalized.ok) return error(normalized.reason, normalized.code, normalized.issues);
    canonical = normalized.value;
  }

  const payload = data.payload;
  const bindings: ExpressionBindings = { eventId: event.eventId, account: event.account, eventType: data.eventType, canonical, steps: {} };
  try {
    if (workflow.filter && !(await workflow.filter.holds(payload, bindings))) return { ...base, outcome: 'filtered', filteredBy: 'trigger', steps };
  } catch (err) {
    return error(`trigger filter: ${(err as Error).message}`, evaluationCode(err));
  }

  // Steps whose value a dry run cannot know: calls, and transforms that read one.
  const unknown = new Set<string>();
  const written = workflowGraphOf(workflow.definition).nodes;
  const dryStep = async (step: CompiledStep, index: number): Promise<DryRunStep> => {
    const definition = written[index] as WorkflowNode;
    const unknownSteps = [...new Set(sourcesOf(definition).flatMap(stepReferences))].filter((ref) => unknown.has(ref));
    const about = { id: step.id, type: step.type, ...(unknownSteps.length > 0 ? { unknownSteps } : {}) };
    // A step that reads an unknown answer cannot fail for sure: the answer might have made it pass.
    const failed = (problem: string, code: CoreErrorCode, issues?: z.core.$ZodIssue[]): DryRunStep => ({
      ...about,
      outcome: unknownSteps.length > 0 ? 'undecided' : 'error',
      problem,
      code,
      ...(issues ? { issues } : {}),
    });
    let result: DryRunStep;
    if (step.type === 'transform') {
      try {
        const value = await evaluate(step.expression, payload, bindings);
        bindings.steps[step.id] = value;
        result = { ...about, outcome: 'evaluated', value: redactValue(value) };
      } catch (err) {
        bindings.steps[step.id] = undefined;
        result = failed((err as Error).message, evaluationCode(err));
      }
      if (unknownSteps.length > 0) unknown.add(step.id);
    } else if (step.type === 'condition') {
      try {
        const holds = await step.when.holds(payload, bindings);
        result = holds ? { ...about, outcome: 'passed' } : unknownSteps.length > 0 ? { ...about, outcome: 'undecided', problem: 'does not hold without the unknown answers' } : { ...about, outcome: 'filtered' };
      } catch (err) {
        result = failed((err as Error).message, evaluationCode(err));
      }
    } else if (step.type === 'switch') {
      try {
        result = { ...about, outcome: 'matched', branch: await step.choose(payload, bindings) };
      } catch (err) {
        result = failed((err as Error).message, evaluationCode(err));
      }
    } else {
      const target = Object.hasOwn(catalog, step.connector) ? catalog[step.connector] : undefined;
      const action = target && Object.hasOwn(target.actions, step.action) ? target.actions[step.action] : undefined;
      const named = { ...about, action: `${step.connector}.${step.action}`, ...(step.retries === undefined ? {} : { retry: { retries: step.retries } }) };
      if (!action) {
        result = { ...named, outcome: 'error', problem: `action ${step.connector}.${step.action} is not installed`, code: 'HUB_WORKFLOW_INVALID' };
      } else {
        try {
          const mapped = await step.buildInput(payload, { ...bindings, steps: { ...bindings.steps } });
          const input = action.input.safeParse(mapped);
          result = input.success
            ? { ...named, outcome: 'would_send', input: redactValue(input.data), ...(step.type === 'notify' ? { text: (input.data as { text: string }).text } : {}) }
            : { ...named, ...failed('mapped input does not match the action input', 'HUB_ACTION_INPUT_INVALID', input.error.issues), input: redactValue(mapped) };
        } catch (err) {
          result = { ...named, ...failed(`mapping failed: ${(err as Error).message}`, evaluationCode(err)) };
        }
      }
      bindings.steps[step.id] = undefined;
      unknown.add(step.id);
    }
    return result;
  };
  const failedAt = (result: DryRunStep): DryRunEvent => ({ ...base, outcome: 'error', problem: `step ${result.id}: ${result.problem}`, ...(result.code ? { code: result.code } : {}), steps });

  if (!isWorkflowGraph(workflow.definition)) {
    for (const [index, step] of workflow.steps.entries()) {
      const result = await dryStep(step, index);
      steps.push(result);
      if (result.outcome === 'filtered') return { ...base, outcome: 'filtered', filteredBy: step.id, steps };
      if (result.outcome === 'error') return failedAt(result);
    }
    return { ...base, outcome: 'would_run', steps };
  }
  // A graph: the worker's walk, one node at a time; a call is taken to succeed (its plain edges), an undecided condition to hold.
  let failure: DryRunStep | undefined;
  const walk = await walkGraph(
    workflow,
    async (step) => {
      const result = await dryStep(step, workflow.steps.indexOf(step));
      if (result.outcome === 'error') {
        failure = result;
        steps.push(result);
        return undefined;
      }
      const out = workflow.outgoing.get(step.id) ?? [];
      const branch = step.type === 'condition' ? (result.outcome === 'filtered' ? 'false' : 'true') : result.branch;
      const shown = step.type === 'condition' ? { ...result, branch } : result;
      steps.push(shown);
      const taken = out.filter((e) => e.branch === branch);
      return { taken, deadEnd: (step.type === 'condition' || step.type === 'switch') && taken.length === 0 && (out.length > 0 || branch === 'false') };
    },
    { parallel: false },
  );
  if (failure) return failedAt(failure);
  if (!walk.ended && walk.deadEnd !== undefined) return { ...base, outcome: 'filtered', filteredBy: walk.deadEnd, steps };
  return { ...base, outcome: 'would_run', steps };
}

/** The JSONata sources a step evaluates (for the `$steps` it reads). */
function sourcesOf(step: WorkflowNode): string[] {
  switch (step.type) {
    case 'transform':
      return [step.expression];
    case 'condition':
      return ['expression' in step.when ? step.when.expression : step.when.field];
    case 'action':
      return Object.values(step.input);
    case 'forward':
      return [];
    case 'notify':
      return compileTemplate(step.text, []).expressions;
    case 'switch':
      return [...(step.value ? [step.value] : []), ...step.cases.flatMap((c) => (c.when ? ['expression' in c.when ? c.when.expression : c.when.field] : []))];
  }
}

