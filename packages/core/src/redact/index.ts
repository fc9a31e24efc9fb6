/** Header or field names whose values are secrets. One definition, used for events, API answers and logs. */
const SECRET_NAME = /authorization|cookie|api[-_]?key|access[-_]?key|token|secret|password|passphrase|signature|[-_]sign$|hmac/i;

export const REDACTED = '[redacted]';

export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** A copy of the headers with secret values replaced and multi-values joined. */
export function redactHeaders(headers: Readonly<Record<string, string | string[] | undefined>>, alsoDrop: readonly string[] = []): Record<string, string> {
  const drop = new Set(alsoDrop.map((h) => h.toLowerCase()));
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    const lower = name.toLowerCase();
    if (drop.has(lower)) continue;
    out[lower] = isSecretName(lower) ? REDACTED : Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * A copy of a log object with the value of every secret-named key replaced, at any depth
 * (bounded). Errors are kept: pino serialises them itself.
 */
export function redactDeep(value: unknown, depth = 0): unknown {
  if (depth > 8 || value === null || typeof value !== 'object' || value instanceof Error || Buffer.isBuffer(value)) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) out[key] = isSecretName(key) ? REDACTED : redactDeep(v, depth + 1);
  return out;
}
