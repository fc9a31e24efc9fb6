/** How many values one event gives at most (a payload with a 10,000-item array must not make 10,000 terms). */
export const MAX_SEARCHABLE_VALUES = 64;
/** Longer values are cut: nobody types them, and PostgreSQL limits a lexeme to 2 KiB. */
export const MAX_SEARCHABLE_VALUE_LENGTH = 200;

const PATH = /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+)*$/;

/** A searchable path is dot-separated keys (`data.object.customer`); arrays on the way are walked item by item. */
export function isSearchablePath(path: string): boolean {
  return PATH.test(path);
}

/**
 * The values at the declared paths of a payload, as strings: a string or a finite number (Shopify's
 * order number) is a value, an array gives each of its items (`line_items.sku`), anything else
 * nothing. Own properties only, at most MAX_SEARCHABLE_VALUES values of MAX_SEARCHABLE_VALUE_LENGTH.
 */
export function searchableValues(paths: readonly string[], payload: unknown): string[] {
  const values: string[] = [];
  const collect = (node: unknown, segments: readonly string[]): void => {
    if (values.length >= MAX_SEARCHABLE_VALUES) return;
    if (Array.isArray(node)) {
      for (const item of node) collect(item, segments);
      return;
    }
    if (segments.length === 0) {
      if (typeof node === 'string' && node.trim() !== '') values.push(node.trim().slice(0, MAX_SEARCHABLE_VALUE_LENGTH));
      else if (typeof node === 'number' && Number.isFinite(node)) values.push(String(node));
      return;
    }
    const [head, ...rest] = segments as [string, ...string[]];
    if (typeof node === 'object' && node !== null && Object.hasOwn(node, head)) collect((node as Record<string, unknown>)[head], rest);
  };
  for (const path of paths) collect(payload, path.split('.'));
  return values;
}
