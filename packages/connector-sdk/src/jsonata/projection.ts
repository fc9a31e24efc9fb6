import { hasOnlyKeys, isPlainStep } from './bounded-expression.js';

/**
 * The plainest bounded expressions, evaluated without jsonata: an object constructor with literal
 * keys whose values are field paths (`data.object.id`, `$steps.charge.id`), variables, literals or
 * such constructors — what a route's `input` mapping usually is. jsonata's evaluator is async at
 * every step: ~20 µs and ~29 KB of garbage per evaluation in the worker, for a mapping that reads
 * three fields (docs/benchmarks.md, "Issue 15, seventeenth increment").
 *
 * Only objects are walked here. An array anywhere on a path, as a path's value or as the input
 * brings in jsonata's sequence rules (mapping over items, flattening, singletons), so the
 * projection answers NOT_PLAIN and the caller runs jsonata on the same input: both give the same
 * value, which `projection.test.ts` checks against jsonata itself.
 */
export const NOT_PLAIN: unique symbol = Symbol('not plain');

export type Projection = (input: unknown, bindings: Readonly<Record<string, unknown>> | undefined) => unknown;

type Node = Record<string, unknown>;

/** The projection of a parsed expression, or undefined when it is not one of these forms. */
export function compileProjection(ast: unknown): Projection | undefined {
  const evaluate = compileNode(ast);
  if (!evaluate) return undefined;
  // An array input is mapped item by item by jsonata (a constructor groups it).
  return (input, bindings) => (Array.isArray(input) ? NOT_PLAIN : evaluate(input, bindings));
}

function compileNode(node: unknown): Projection | undefined {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return undefined;
  const n = node as Node;
  switch (n.type) {
    case 'string':
    case 'number':
      return hasOnlyKeys(n, []) && (typeof n.value === 'string' || Number.isFinite(n.value)) ? constant(n.value) : undefined;
    case 'value':
      return hasOnlyKeys(n, []) && (n.value === true || n.value === false || n.value === null) ? constant(n.value) : undefined;
    case 'variable':
      return hasOnlyKeys(n, []) && isBindingName(n.value) ? compilePath(n.value, []) : undefined;
    case 'path':
      return hasOnlyKeys(n, ['steps']) ? compileSteps(n.steps) : undefined;
    case 'unary':
      return n.value === '{' && hasOnlyKeys(n, ['lhs']) ? compileObject(n.lhs) : undefined;
    default:
      return undefined;
  }
}

const constant =
  (value: unknown): Projection =>
  () =>
    value;

/** A named variable (`$eventId`), not `$` or `$$`, whose meaning depends on the context. */
function isBindingName(name: unknown): name is string {
  return typeof name === 'string' && name !== '' && name !== '$';
}

/** Plain steps (isPlainStep: field names, a variable first) whose variable is a named one. */
function compileSteps(steps: unknown): Projection | undefined {
  if (!Array.isArray(steps) || steps.length === 0 || !steps.every((step, i) => isPlainStep(step, i))) return undefined;
  const values = (steps as Node[]).map((step) => step.value);
  const variable = (steps[0] as Node).type === 'variable' ? values.shift() : undefined;
  if (variable !== undefined && !isBindingName(variable)) return undefined;
  return values.every((name): name is string => typeof name === 'string') ? compilePath(variable as string | undefined, values) : undefined;
}

function compilePath(variable: string | undefined, names: readonly string[]): Projection {
  return (input, bindings) => {
    let value = variable === undefined ? input : bindings && Object.hasOwn(bindings, variable) ? bindings[variable] : undefined;
    for (const name of names) {
      if (Array.isArray(value)) return NOT_PLAIN;
      if (typeof value !== 'object' || value === null) return undefined;
      value = Object.hasOwn(value, name) ? (value as Record<string, unknown>)[name] : undefined;
    }
    return Array.isArray(value) || typeof value === 'function' ? NOT_PLAIN : value;
  };
}

/** `{ "key": value, … }` with distinct literal keys; a key whose value is undefined is left out. */
function compileObject(pairs: unknown): Projection | undefined {
  if (!Array.isArray(pairs)) return undefined;
  const entries: { name: string; evaluate: Projection }[] = [];
  for (const pair of pairs as unknown[]) {
    if (!Array.isArray(pair) || pair.length !== 2) return undefined;
    const [key, value] = pair as [unknown, unknown];
    if (typeof key !== 'object' || key === null || (key as Node).type !== 'string' || !hasOnlyKeys(key as Node, [])) return undefined;
    const name = (key as Node).value;
    // jsonata refuses a key given twice (D1009) when it evaluates: its error, from jsonata.
    // A key named __proto__ would set the result's prototype: jsonata's own output makes it a key.
    if (typeof name !== 'string' || name === '__proto__' || entries.some((e) => e.name === name)) return undefined;
    const evaluate = compileNode(value);
    if (!evaluate) return undefined;
    entries.push({ name, evaluate });
  }
  return (input, bindings) => {
    const result: Record<string, unknown> = {};
    for (const { name, evaluate } of entries) {
      const value = evaluate(input, bindings);
      if (value === NOT_PLAIN) return NOT_PLAIN;
      if (value !== undefined) result[name] = value;
    }
    return result;
  };
}
