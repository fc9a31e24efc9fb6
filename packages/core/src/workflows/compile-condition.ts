import { compileExpression, evaluate, jsonataTruthy, type ExpressionBindings } from './jsonata-expression.js';
import type { ConditionOperator, WorkflowCondition } from './workflow-definition.js';

export interface CompiledCondition {
  /** The JSONata sources it reads, for checks such as `$steps` references. */
  expressions: string[];
  holds(payload: unknown, bindings: ExpressionBindings): Promise<boolean>;
}

type Value = string | number | boolean;

/** Compiles a condition; problems (invalid JSONata, a missing or non-numeric value) are pushed, not thrown. */
export function compileCondition(condition: WorkflowCondition, problems: string[]): CompiledCondition {
  if ('expression' in condition) {
    const compiled = compileExpression(condition.expression);
    if (!compiled.ok) problems.push(`expression ${compiled.problem}`);
    return {
      expressions: [condition.expression],
      holds: async (payload, bindings) => compiled.ok && jsonataTruthy(await evaluate(compiled.expression, payload, bindings)),
    };
  }
  const { field, operator, value } = condition;
  const path = compileExpression(field);
  if (!path.ok) problems.push(`field ${path.problem}`);
  const needsValue = operator !== 'exists' && operator !== 'not_exists';
  if (needsValue && value === undefined) problems.push(`operator ${operator} needs a value`);
  if ((operator === 'greater_than' || operator === 'less_than') && value !== undefined && numberOf(value) === undefined) {
    problems.push(`operator ${operator} compares numbers, and ${JSON.stringify(value)} is not one`);
  }
  return {
    expressions: [field],
    holds: async (payload, bindings) => path.ok && compare(await evaluate(path.expression, payload, bindings), operator, value),
  };
}

/**
 * How a field is compared. Text typed in a form ("1000", "true") matches the number or boolean
 * it spells; a field that holds an array passes when one of its items does (JSONata paths
 * through arrays give arrays).
 */
export function compare(actual: unknown, operator: ConditionOperator, expected: Value | undefined): boolean {
  switch (operator) {
    case 'exists':
      return actual !== undefined && actual !== null;
    case 'not_exists':
      return actual === undefined || actual === null;
    case 'equals':
      return expected !== undefined && anyItem(actual, (a) => same(a, expected));
    case 'not_equals':
      return expected !== undefined && !anyItem(actual, (a) => same(a, expected));
    case 'contains':
      if (expected === undefined) return false;
      if (typeof actual === 'string') return actual.includes(String(expected));
      return Array.isArray(actual) && actual.some((a) => same(a, expected));
    case 'greater_than':
    case 'less_than': {
      const limit = expected === undefined ? undefined : numberOf(expected);
      if (limit === undefined) return false;
      return anyItem(actual, (a) => {
        const n = numberOf(a);
        return n !== undefined && (operator === 'greater_than' ? n > limit : n < limit);
      });
    }
  }
}

function anyItem(actual: unknown, test: (item: unknown) => boolean): boolean {
  return Array.isArray(actual) ? actual.some(test) : test(actual);
}

function same(actual: unknown, expected: Value): boolean {
  if (actual === expected) return true;
  if (actual === null || actual === undefined || typeof actual === 'object') return false;
  return String(actual) === String(expected);
}

function numberOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value);
    return Number.isFinite(n) ? n : undefined;
  }
  return undefined;
}
