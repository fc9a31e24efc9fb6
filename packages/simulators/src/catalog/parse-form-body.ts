import qs from 'qs';

/**
 * Parses an application/x-www-form-urlencoded body (or query) the way Stripe and Twilio read it,
 * with qs: `metadata[order]=6735` is `{ metadata: { order: '6735' } }`, `expand[]=a&expand[]=b` is
 * `{ expand: ['a', 'b'] }` and `items[0][price]=p` is `{ items: [{ price: 'p' }] }`. Every leaf is
 * a string (the schema-directed coercion gives numbers their type). Keys that would reach
 * Object.prototype (`__proto__`, `constructor`) are dropped.
 */
export function parseFormBody(text: string): Record<string, unknown> {
  return qs.parse(text, { allowPrototypes: false, depth: 10, arrayLimit: 100, parameterLimit: 10_000 }) as Record<string, unknown>;
}
