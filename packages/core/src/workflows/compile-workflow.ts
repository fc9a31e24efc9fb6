import { compileCondition, type CompiledCondition } from './compile-condition.js';
import { compileExpression, evaluate, stepReferences, type Expression, type ExpressionBindings } from './jsonata-expression.js';
import { escapeMrkdwn } from '../slack-text/index.js';
import { compileTemplate } from './text-template.js';
import type { WorkflowDefinition, WorkflowStep } from './workflow-definition.js';

/** The connector actions behind the `forward` and `notify` steps. */
export const FORWARD_ACTION = { connector: 'http', action: 'post' } as const;
export const NOTIFY_ACTION = { connector: 'slack', action: 'post_message' } as const;

/** A step that calls out: through the same machinery as a route's action. */
export interface CallStep {
  id: string;
  type: 'action' | 'forward' | 'notify';
  connector: string;
  action: string;
  /** The action's input for this event; throws when an expression fails on the payload. */
  buildInput(payload: unknown, bindings: ExpressionBindings): Promise<unknown>;
}

export type CompiledStep =
  | { id: string; type: 'transform'; expression: Expression }
  | { id: string; type: 'condition'; when: CompiledCondition }
  | CallStep;

export interface CompiledWorkflow {
  definition: WorkflowDefinition;
  filter: CompiledCondition | undefined;
  steps: CompiledStep[];
}

/**
 * Compiles every JSONata expression of a definition once. Problems that need no connector
 * catalog (invalid JSONata, duplicate step ids, `$steps` read before they are set) are pushed
 * to `problems`, each naming where it is.
 */
export function compileWorkflow(definition: WorkflowDefinition, problems: string[]): CompiledWorkflow {
  let filter: CompiledCondition | undefined;
  if (definition.trigger.filter) {
    const where: string[] = [];
    filter = compileCondition(definition.trigger.filter, where);
    problems.push(...where.map((p) => `trigger.filter: ${p}`));
    for (const ref of filter.expressions.flatMap(stepReferences)) problems.push(`trigger.filter: reads $steps.${ref}, but no step has run before the filter`);
  }
  const seen = new Set<string>();
  const produced = new Set<string>();
  const steps = definition.steps.map((step, index) => {
    const where: string[] = [];
    if (seen.has(step.id)) where.push('the step id is used twice (ids must be unique)');
    seen.add(step.id);
    const { compiled, sources } = compileStep(step, where);
    for (const ref of new Set(sources.flatMap(stepReferences))) {
      if (!produced.has(ref)) where.push(`reads $steps.${ref}, which no earlier transform, action, forward or notify step sets`);
    }
    if (step.type !== 'condition') produced.add(step.id);
    problems.push(...where.map((p) => `steps[${index}] "${step.id}": ${p}`));
    return compiled;
  });
  return { definition, filter, steps };
}

function compileStep(step: WorkflowStep, problems: string[]): { compiled: CompiledStep; sources: string[] } {
  switch (step.type) {
    case 'transform':
      return { compiled: { id: step.id, type: 'transform', expression: expressionOrNever(step.expression, 'expression', problems) }, sources: [step.expression] };
    case 'condition': {
      const when = compileCondition(step.when, problems);
      return { compiled: { id: step.id, type: 'condition', when }, sources: when.expressions };
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
      return { compiled: { id: step.id, type: 'action', connector: step.connector, action: step.action, buildInput }, sources: Object.values(step.input) };
    }
    case 'forward':
      return { compiled: { id: step.id, type: 'forward', ...FORWARD_ACTION, buildInput: async (payload) => ({ url: step.url, body: payload }) }, sources: [] };
    case 'notify': {
      const where: string[] = [];
      // The values come from the payload (an issue title, a customer name): they must not ping or link in Slack.
      const template = compileTemplate(step.text, where, escapeMrkdwn);
      problems.push(...where.map((p) => `text ${p}`));
      const buildInput = async (payload: unknown, bindings: ExpressionBindings) => ({ channel: step.channel, text: await template.render(payload, bindings) });
      return { compiled: { id: step.id, type: 'notify', ...NOTIFY_ACTION, buildInput }, sources: template.expressions };
    }
  }
}

/** The compiled expression, or (after pushing the problem) one that yields nothing: compilation goes on to find every problem. */
function expressionOrNever(source: string, what: string, problems: string[]): Expression {
  const compiled = compileExpression(source);
  if (compiled.ok) return compiled.expression;
  problems.push(`${what} ${compiled.problem}`);
  return (compileExpression('$undefined') as { ok: true; expression: Expression }).expression;
}
