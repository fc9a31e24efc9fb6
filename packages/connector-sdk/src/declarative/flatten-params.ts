/**
 * Flattens a value into key/value pairs the way Stripe and Rails read forms and queries:
 * `{ metadata: { order: 42 }, items: [{ price: 'p' }] }` -> `metadata[order]=42`, `items[0][price]=p`.
 * null and undefined are left out.
 */
export function flattenParams(value: unknown, prefix = ''): Array<[string, string]> {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.flatMap((item, index) => flattenParams(item, `${prefix}[${index}]`));
  if (typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => flattenParams(item, prefix === '' ? key : `${prefix}[${key}]`));
  }
  return [[prefix, String(value)]];
}
