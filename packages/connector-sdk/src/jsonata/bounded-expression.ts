/**
 * Whether a parsed JSONata expression can only do work in proportion to its input: field paths,
 * literals, variables, object and array constructors, arithmetic, comparison, `&`, conditions and
 * blocks. No function call, lambda, range (`[1..1e9]`), regular expression, predicate, sort,
 * grouping, wildcard or descendant step: nothing that loops, recurses or builds more than it
 * reads. Such an expression needs neither the evaluators' timeout nor their heap cap, so it runs
 * in the caller's process (a route's `input` mapping, most connector mappings). Every node's
 * keys are checked against what these forms carry, so a form this list does not know (or a
 * jsonata release that adds one) goes to the evaluators.
 */
export function isBoundedExpression(node: unknown): boolean {
  if (typeof node !== 'object' || node === null || Array.isArray(node)) return false;
  const n = node as Record<string, unknown>;
  switch (n.type) {
    case 'string':
    case 'number':
    case 'value':
    case 'variable':
      return hasOnlyKeys(n, []);
    case 'path':
      return hasOnlyKeys(n, ['steps']) && Array.isArray(n.steps) && n.steps.every((step, i) => isPlainStep(step, i));
    case 'unary':
      if (n.value === '-') return hasOnlyKeys(n, ['expression']) && isBoundedExpression(n.expression);
      if (n.value === '[') return hasOnlyKeys(n, ['expressions']) && everyBounded(n.expressions);
      if (n.value === '{') return hasOnlyKeys(n, ['lhs']) && Array.isArray(n.lhs) && n.lhs.every(isLiteralKeyPair);
      return false;
    case 'binary':
      return hasOnlyKeys(n, ['lhs', 'rhs']) && BOUNDED_OPERATORS.has(n.value as string) && isBoundedExpression(n.lhs) && isBoundedExpression(n.rhs);
    case 'condition':
      return hasOnlyKeys(n, ['condition', 'then', 'else']) && isBoundedExpression(n.condition) && isBoundedExpression(n.then) && (n.else === undefined || isBoundedExpression(n.else));
    case 'block':
      return hasOnlyKeys(n, ['expressions']) && everyBounded(n.expressions);
    default:
      return false;
  }
}

// `..` (a range) is left out: `[1..10000000]` builds ten million numbers from nothing.
const BOUNDED_OPERATORS = new Set(['&', '+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', 'and', 'or', 'in']);

/** The node has no keys but its type, value, position and those named. */
export function hasOnlyKeys(node: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(node).every((key) => key === 'type' || key === 'value' || key === 'position' || keys.includes(key));
}

const everyBounded = (nodes: unknown): boolean => Array.isArray(nodes) && nodes.every(isBoundedExpression);

/** A field name (`a`, `` `a b` ``), or `$` / `$$` / a variable first: no predicate, grouping, focus or index binding. */
export function isPlainStep(step: unknown, index: number): boolean {
  if (typeof step !== 'object' || step === null) return false;
  const s = step as Record<string, unknown>;
  return (s.type === 'name' || (index === 0 && s.type === 'variable')) && hasOnlyKeys(s, []);
}

/** `"key": value` with a literal key: a computed key would group the input by it. */
function isLiteralKeyPair(pair: unknown): boolean {
  if (!Array.isArray(pair) || pair.length !== 2) return false;
  const [key, value] = pair as [Record<string, unknown> | undefined, unknown];
  return key?.type === 'string' && hasOnlyKeys(key, []) && isBoundedExpression(value);
}
