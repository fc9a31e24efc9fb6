/**
 * A field path of the drift detector (`data.object.items[].sku`) as a PostgreSQL jsonpath that
 * matches where the field is present with one of `types`. Keys are quoted string literals (JSON
 * escaping, which jsonpath reads the same way), so a field name from a payload cannot change
 * the expression; the jsonpath travels as a query parameter, never as SQL text.
 *
 * `lax` so a missing key is simply no match; `.type()` is compared after the accessor because
 * it is the one place lax mode does not unwrap an array (a filter would look at its elements).
 */
export function shapeJsonPath(path: string, types?: readonly string[]): string {
  let expression = 'lax $';
  for (const segment of path.split('.')) {
    const [, key = segment, arrays = ''] = /^(.*?)((?:\[\])*)$/.exec(segment) ?? [];
    expression += `.${JSON.stringify(key)}${'[*]'.repeat(arrays.length / 2)}`;
  }
  if (!types || types.length === 0) return expression;
  return `${expression}.type() ? (${types.map((t) => `@ == ${JSON.stringify(t)}`).join(' || ')})`;
}
