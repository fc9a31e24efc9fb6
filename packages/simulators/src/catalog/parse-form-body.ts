type Node = Record<string, unknown>;

// Keys that would reach Object.prototype through bracket assignment.
const UNSAFE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** `a[b][0][c]` -> ['a', 'b', '0', 'c']; `tags[]` -> ['tags', '']; undefined for a malformed key. */
function keySegments(key: string): string[] | undefined {
  const match = /^([^[\]]+)((?:\[[^[\]]*\])*)$/.exec(key);
  if (!match) return undefined;
  const rest = [...(match[2] ?? '').matchAll(/\[([^[\]]*)\]/g)].map((m) => m[1] ?? '');
  return [match[1] ?? '', ...rest];
}

/** Objects whose keys are exactly 0..n-1 become arrays, as Stripe reads `items[0][price]`. */
function arraysFromIndexedObjects(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(arraysFromIndexedObjects);
  if (typeof value !== 'object' || value === null) return value;
  const node = value as Node;
  const keys = Object.keys(node);
  const indexed = keys.length > 0 && keys.every((key, i) => key === String(i));
  if (indexed) return keys.map((key) => arraysFromIndexedObjects(node[key]));
  return Object.fromEntries(keys.map((key) => [key, arraysFromIndexedObjects(node[key])]));
}

/**
 * Parses an application/x-www-form-urlencoded body the way Stripe and Twilio read it:
 * `metadata[order]=6735` is `{ metadata: { order: '6735' } }`, `expand[]=a&expand[]=b` is
 * `{ expand: ['a', 'b'] }` and `items[0][price]=p` is `{ items: [{ price: 'p' }] }`.
 * Every leaf is a string (the schema-directed coercion gives numbers their type).
 * A key that is not `name` followed by `[…]` segments is kept whole.
 */
export function parseFormBody(text: string): Node {
  const root: Node = {};
  for (const [key, value] of new URLSearchParams(text)) {
    const segments = keySegments(key) ?? [key];
    if (segments.some((s) => UNSAFE_KEYS.has(s))) continue;
    let node: Node | unknown[] = root;
    segments.forEach((segment, i) => {
      const last = i === segments.length - 1;
      const nextIsPush = segments[i + 1] === '';
      if (Array.isArray(node)) {
        // Only reached through `[]`: each push is a new element.
        if (last) node.push(value);
        else {
          const child: Node = {};
          node.push(child);
          node = child;
        }
        return;
      }
      const current: Node = node;
      if (last) {
        current[segment] = value;
        return;
      }
      const existing = current[segment];
      const child = nextIsPush ? (Array.isArray(existing) ? existing : []) : typeof existing === 'object' && existing !== null && !Array.isArray(existing) ? existing : {};
      current[segment] = child;
      node = child as Node | unknown[];
    });
  }
  return arraysFromIndexedObjects(root) as Node;
}
