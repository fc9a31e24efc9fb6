import { compare, compileCondition, type CompiledCondition } from './compile-condition.js';
import { graphProblems } from './graph-problems.js';
import { compileExpression, evaluate, stepReferences, type Expression, type ExpressionBindings } from './jsonata-expression.js';
import { escapeMrkdwn } from '../slack-text/index.js';
import { compileTemplate } from './text-template.js';
import { isWorkflowGraph, type WorkflowDocument, type WorkflowGraph, type WorkflowNode } from './workflow-graph.js';
import { workflowGraphOf } from './workflow-graph-of.js';

/** The connector actions behind the `forward` and `notify` steps. */
export const FORWARD_ACTION = { connector: 'http', action: 'post' } as const;
export const NOTIFY_ACTION = { connector: 'slack', action: 'post_message' } as const;

/** A step that calls out: through the same machinery as a route's action. */
export interface CallStep {
  id: string;
  type: 'action' | 'forward' | 'notify';
  connector: string;
  action: string;
  /** A failure for good takes the node's plain edges anyway (graphs only). */
  continueOnFailure: boolean;
  /** The node's own retry limit (`retry.retries`, graphs only); undefined: the connector's policy alone. */
  retries: number | undefined;
  /** The action's input for this event; throws when an expression fails on the payload. */
  buildInput(payload: unknown, bindings: ExpressionBindings): Promise<unknown>;
}

export type CompiledStep =
  | { id: string; type: 'transform'; expression: Expression }
  | { id: string; type: 'condition'; when: CompiledCondition }
  | { id: string; type: 'switch'; choose(payload: unknown, bindings: ExpressionBindings): Promise<string> }
  | CallStep;

export interface CompiledEdge {
  from: string;
  to: string;
  branch: string | undefined;
}

export interface CompiledWorkflow {
  definition: WorkflowDocument;
  filter: CompiledCondition | undefined;
  /** Every node as written (a list's steps, in order). */
  steps: CompiledStep[];
  /** Edges by the node they leave (`trigger` for the first ones); a list's are its chain. */
  outgoing: ReadonlyMap<string, readonly CompiledEdge[]>;
  /** How many edges lead into each node. */
  incoming: ReadonlyMap<string, number>;
  /**
   * Written as a graph: each call's idempotency key names the version, so a replay through
   * another version makes that version's calls. A list keeps the keys it had before graphs
   * (`<eventId>:workflow:<name>:<step>`), so stored versions behave as they always did.
   */
  keyPerVersion: boolean;
}

/**
 * Compiles every JSONata expression of a definition once. Problems that need no connector
 * catalog (invalid JSONata, duplicate ids, `$steps` read before they are set, and for a graph
 * its shape: graphProblems) are pushed to `problems`, each naming where it is.
 */
export function compileWorkflow(definition: WorkflowDocument, problems: string[]): CompiledWorkflow {
  let filter: CompiledCondition | undefined;
  if (definition.trigger.filter) {
    const where: string[] = [];
    filter = compileCondition(definition.trigger.filter, where);
    problems.push(...where.map((p) => `trigger.filter: ${p}`));
    for (const ref of filter.expressions.flatMap(stepReferences)) problems.push(`trigger.filter: reads $steps.${ref}, but no step has run before the filter`);
  }
  const isGraph = isWorkflowGraph(definition);
  const graph = workflowGraphOf(definition);
  const setters = new Set(graph.nodes.filter((n) => n.type !== 'condition' && n.type !== 'switch').map((n) => n.id));
  const before = isGraph ? ancestorsOf(graph) : undefined;
  const seen = new Set<string>();
  const produced = new Set<string>();
  const steps = graph.nodes.map((node, index) => {
    const where: string[] = [];
    if (seen.has(node.id)) where.push(`the ${isGraph ? 'node' : 'step'} id is used twice (ids must be unique)`);
    seen.add(node.id);
    const { compiled, sources } = compileStep(node, where);
    for (const ref of new Set(sources.flatMap(stepReferences))) {
      if (!before && !produced.has(ref)) where.push(`reads $steps.${ref}, which no earlier transform, action, forward or notify step sets`);
      if (before && !(setters.has(ref) && before.get(node.id)?.has(ref))) where.push(`reads $steps.${ref}, which no transform, action, forward or notify node on a path to it sets`);
    }
    if (node.type !== 'condition') produced.add(node.id);
    problems.push(...where.map((p) => `${isGraph ? 'nodes' : 'steps'}[${index}] "${node.id}": ${p}`));
    return compiled;
  });
  if (isGraph) problems.push(...graphProblems(graph));
  const outgoing = new Map<string, CompiledEdge[]>();
  const incoming = new Map<string, number>();
  for (const { from, to, branch } of graph.edges) {
    outgoing.set(from, [...(outgoing.get(from) ?? []), { from, to, branch }]);
    incoming.set(to, (incoming.get(to) ?? 0) + 1);
  }
  return { definition, filter, steps, outgoing, incoming, keyPerVersion: isGraph };
}

/** For each node, the nodes with a path of edges to it (a cycle does not loop: graphProblems names it). */
function ancestorsOf(graph: WorkflowGraph): Map<string, Set<string>> {
  const into = new Map<string, string[]>();
  for (const e of graph.edges) into.set(e.to, [...(into.get(e.to) ?? []), e.from]);
  const result = new Map<string, Set<string>>();
  for (const node of graph.nodes) {
    const found = new Set<string>();
    const stack = [...(into.get(node.id) ?? [])];
    for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
      if (found.has(id)) continue;
      found.add(id);
      stack.push(...(into.get(id) ?? []));
    }
    result.set(node.id, found);
  }
  return result;
}

function compileStep(step: WorkflowNode, problems: string[]): { compiled: CompiledStep; sources: string[] } {
  switch (step.type) {
    case 'transform':
      return { compiled: { id: step.id, type: 'transform', expression: expressionOrNever(step.expression, 'expression', problems) }, sources: [step.expression] };
    case 'condition': {
      const when = compileCondition(step.when, problems);
      return { compiled: { id: step.id, type: 'condition', when }, sources: when.expressions };
    }
    case 'switch': {
      const value = step.value === undefined ? undefined : expressionOrNever(step.value, 'value', problems);
      const cases = step.cases.map((c, index) => {
        const where: string[] = [];
        const when = c.when ? compileCondition(c.when, where) : undefined;
        problems.push(...where.map((p) => `cases[${index}] "${c.branch}".when ${p}`));
        return { branch: c.branch, equals: c.equals, when };
      });
      const choose = async (payload: unknown, bindings: ExpressionBindings) => {
        const actual = value ? await evaluate(value, payload, bindings) : undefined;
        for (const c of cases) {
          // As a condition's equals: "1000" matches 1000, an array matches when one item does.
          if (c.equals !== undefined ? compare(actual, 'equals', c.equals) : await c.when?.holds(payload, bindings)) return c.branch;
        }
        return 'default';
      };
      return { compiled: { id: step.id, type: 'switch', choose }, sources: [...(step.value ? [step.value] : []), ...cases.flatMap((c) => c.when?.expressions ?? [])] };
    }
    case 'action': {
      const fields = Object.entries(step.input).map(([field, source]) => [field, expressionOrNever(source, `input.${field}`, problems)] as const);
      const buildInput = async (payload: unknown, bindings: ExpressionBindings) => {
        const input: Record<string, unknown> = {};
        for (const [field, expression] of fields) {
          const value = await evaluate(expression, payload, bindings);
          // No value (a path that matched nothing) leaves the field out: the input schema then says whether it may be.
          if (value !== undefined) input[field] = value;
        }
        return input;
      };
      return { compiled: { id: step.id, type: 'action', ...callOptionsOf(step), connector: step.connector, action: step.action, buildInput }, sources: Object.values(step.input) };
    }
    case 'forward':
      return { compiled: { id: step.id, type: 'forward', ...callOptionsOf(step), ...FORWARD_ACTION, buildInput: async (payload) => ({ url: step.url, body: payload }) }, sources: [] };
    case 'notify': {
      const where: string[] = [];
      // The values come from the payload (an issue title, a customer name): they must not ping or link in Slack.
      const template = compileTemplate(step.text, where, escapeMrkdwn);
      problems.push(...where.map((p) => `text ${p}`));
      const buildInput = async (payload: unknown, bindings: ExpressionBindings) => ({ channel: step.channel, text: await template.render(payload, bindings) });
      return { compiled: { id: step.id, type: 'notify', ...callOptionsOf(step), ...NOTIFY_ACTION, buildInput }, sources: template.expressions };
    }
  }
}

const callOptionsOf = (node: WorkflowNode) => ({
  continueOnFailure: 'continueOnFailure' in node && node.continueOnFailure === true,
  retries: 'retry' in node ? node.retry?.retries : undefined,
});

/** The compiled expression, or (after pushing the problem) one that yields nothing: compilation goes on to find every problem. */
function expressionOrNever(source: string, what: string, problems: string[]): Expression {
  const compiled = compileExpression(source);
  if (compiled.ok) return compiled.expression;
  problems.push(`${what} ${compiled.problem}`);
  return (compileExpression('$undefined') as { ok: true; expression: Expression }).expression;
}
