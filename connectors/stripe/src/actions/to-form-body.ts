/**
 * Encodes parameters as Stripe reads application/x-www-form-urlencoded bodies: nested objects
 * as `metadata[order]=6735`, arrays as `expand[0]=charge`; undefined values are left out.
 */
export function toFormBody(params: Record<string, unknown>): string {
  const pairs: [string, string][] = [];
  const add = (key: string, value: unknown): void => {
    if (value === undefined) return;
    if (Array.isArray(value)) value.forEach((item, i) => add(`${key}[${i}]`, item));
    else if (typeof value === 'object' && value !== null) for (const [k, v] of Object.entries(value)) add(`${key}[${k}]`, v);
    else pairs.push([key, value === null ? '' : String(value)]);
  };
  for (const [key, value] of Object.entries(params)) add(key, value);
  return new URLSearchParams(pairs).toString();
}
