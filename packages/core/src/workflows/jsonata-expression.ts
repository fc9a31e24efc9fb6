import jsonata from 'jsonata';

export type Expression = ReturnType<typeof jsonata>;

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

// Operators write these expressions: one that loops (a recursive lambda) must fail its event,
// not hold a worker slot forever. JSONata checks both limits at every evaluation step.
const LIMITS = { timeout: 2_000, stack: 500 };

/** Compiles JSONata, or says why it cannot (the parser's message, with the position). */
export function compileExpression(source: string): { ok: true; expression: Expression } | { ok: false; problem: string } {
  try {
    return { ok: true, expression: jsonata(source, LIMITS) };
  } catch (err) {
    const { message, position } = err as { message?: string; position?: number };
    return { ok: false, problem: `is not valid JSONata: ${message ?? String(err)}${position !== undefined ? ` (at ${position})` : ''}` };
  }
}

export function evaluate(expression: Expression, payload: unknown, bindings: ExpressionBindings): Promise<unknown> {
  // A fresh object per call: jsonata keeps the bindings it is given, evaluations must not share them.
  return expression.evaluate(payload, { ...bindings }) as Promise<unknown>;
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
