import { compileJsonata, type JsonataExpression } from '@hub/connector-sdk';

export type Expression = JsonataExpression;

/** What a workflow's expressions may read besides the payload (`$`). */
export interface ExpressionBindings {
  eventId: string;
  account: string | null;
  eventType: string;
  /** The payload's canonical model value, when its connector has an adapter for the event. */
  canonical: unknown;
  /** Results of the earlier steps by id: transform values, action response bodies. */
  steps: Record<string, unknown>;
}

/**
 * Compiles JSONata, or says why it cannot (the parser's message, with the position). Operators
 * write these expressions: their evaluations run in the JSONata pool, under the process's limits
 * (one that loops fails its event, HUB_JSONATA_TIMEOUT, and holds no worker slot).
 */
export function compileExpression(source: string): { ok: true; expression: Expression } | { ok: false; problem: string } {
  const compiled = compileJsonata(source);
  if (compiled.ok) return compiled;
  return { ok: false, problem: `is not valid JSONata: ${compiled.message}${compiled.position !== undefined ? ` (at ${compiled.position})` : ''}` };
}

export function evaluate(expression: Expression, payload: unknown, bindings: ExpressionBindings): Promise<unknown> {
  return expression.evaluate(payload, { ...bindings });
}

/** JSONata's `$boolean` casting rules: what "truthy" means for a condition expression. */
export function jsonataTruthy(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'string') return value.length > 0;
  if (typeof value === 'number') return value !== 0;
  if (Array.isArray(value)) return value.some(jsonataTruthy);
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return false;
}

/** The `$steps.<id>` an expression reads (plain and backquoted names). */
export function stepReferences(source: string): string[] {
  return [...source.matchAll(/\$steps\.(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*))/g)].map((m) => (m[1] ?? m[2]) as string);
}
