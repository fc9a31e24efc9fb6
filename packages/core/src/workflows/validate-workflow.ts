import type { Connector } from '@hub/connector-sdk';
import type { z } from 'zod';
import { hubError } from '../errors/index.js';
import { compileWorkflow, FORWARD_ACTION, NOTIFY_ACTION } from './compile-workflow.js';
import { locateProblems } from './locate-problems.js';
import { shapeProblems } from './shape-problems.js';
import type { WorkflowDefinition, WorkflowTrigger } from './workflow-definition.js';
import { isWorkflowGraph, parseWorkflowDocument, type WorkflowDocument, type WorkflowNode } from './workflow-graph.js';
import { workflowGraphOf } from './workflow-graph-of.js';

type Catalog = Readonly<Record<string, Connector>>;

/**
 * Checks a definition (a graph, or a list of steps) against its shape and the installed
 * connectors, and returns it parsed. Throws HUB_WORKFLOW_INVALID with `details.problems` naming
 * every problem at once: unknown connector, event or action (with the known ones), input fields
 * the action does not have or required ones missing, invalid JSONata, duplicate ids, `$steps`
 * read before they are set, forward/notify without the http/slack connector, and for a graph its
 * shape (graphProblems: unknown node ids in edges, branch labels, cycles, unreachable nodes…).
 * `details.nodeProblems` gives each problem with the node (or edge) it belongs to, in the same order.
 */
export function validateWorkflow(definition: WorkflowDefinition, catalog: Catalog): WorkflowDefinition;
export function validateWorkflow(definition: unknown, catalog: Catalog): WorkflowDocument;
export function validateWorkflow(definition: unknown, catalog: Catalog): WorkflowDocument {
  const parsed = parseWorkflowDocument(definition);
  if (!parsed.success) throw invalid(definition, shapeProblems(parsed.error.issues));
  const problems: string[] = [];
  compileWorkflow(parsed.data, problems);
  problems.push(...triggerProblems(parsed.data.trigger, catalog));
  const list = isWorkflowGraph(parsed.data) ? 'nodes' : 'steps';
  workflowGraphOf(parsed.data).nodes.forEach((node, index) => problems.push(...stepProblems(node, catalog).map((p) => `${list}[${index}] "${node.id}": ${p}`)));
  if (problems.length > 0) throw invalid(definition, problems);
  return parsed.data;
}

function invalid(definition: unknown, problems: string[]) {
  const name = typeof (definition as { name?: unknown } | null)?.name === 'string' ? ` "${(definition as { name: string }).name}"` : '';
  return hubError('HUB_WORKFLOW_INVALID', `workflow${name} is invalid:\n  ${problems.join('\n  ')}`, { details: { problems, nodeProblems: locateProblems(problems, definition) } });
}

// Object.hasOwn: `toString` or `constructor` must not pass for a connector, event or action.
const own = <T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined => (record && Object.hasOwn(record, key) ? record[key] : undefined);
const known = (record: Readonly<Record<string, unknown>>) => Object.keys(record).join(', ') || 'none';

function triggerProblems(trigger: WorkflowTrigger, catalog: Catalog): string[] {
  const source = own(catalog, trigger.connector);
  if (!source) return [`trigger: no connector "${trigger.connector}" is installed (installed: ${known(catalog)})`];
  if (!own(source.events, trigger.event)) return [`trigger: ${trigger.connector} declares no event "${trigger.event}" (known: ${known(source.events)})`];
  return [];
}

function stepProblems(step: WorkflowNode, catalog: Catalog): string[] {
  if (step.type === 'forward' && !own(own(catalog, FORWARD_ACTION.connector)?.actions, FORWARD_ACTION.action)) {
    return ['forward needs the http connector (its post action), which is not installed'];
  }
  if (step.type === 'notify' && !own(own(catalog, NOTIFY_ACTION.connector)?.actions, NOTIFY_ACTION.action)) {
    return ['notify needs the slack connector (its post_message action), which is not installed'];
  }
  if (step.type !== 'action') return [];
  const target = own(catalog, step.connector);
  if (!target) return [`no connector "${step.connector}" is installed (installed: ${known(catalog)})`];
  const action = own(target.actions, step.action);
  if (!action) return [`${step.connector} has no action "${step.action}" (known: ${known(target.actions)})`];
  return inputProblems(`${step.connector}.${step.action}`, action.input, step.input);
}

/** Fields of an object input schema: those the mapping names must exist, the required ones must be mapped. */
function inputProblems(action: string, schema: z.ZodType, input: Record<string, string>): string[] {
  const def = schema._zod.def as { type: string; shape?: Record<string, z.ZodType> };
  if (def.type !== 'object' || !def.shape) return []; // a union or a custom schema: the worker's parse decides
  const shape = def.shape;
  const fields = Object.keys(shape);
  const unknown = Object.keys(input).filter((f) => !Object.hasOwn(shape, f));
  const missing = fields.filter((f) => !Object.hasOwn(input, f) && !(shape[f] as z.ZodType).safeParse(undefined).success);
  return [
    ...unknown.map((f) => `${action} has no input field "${f}" (fields: ${fields.join(', ') || 'none'})`),
    ...missing.map((f) => `${action} needs input field "${f}" (required), and the step does not map it`),
  ];
}
