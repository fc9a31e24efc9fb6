import { isSecretName, REDACTED } from './secret-name.js';

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
