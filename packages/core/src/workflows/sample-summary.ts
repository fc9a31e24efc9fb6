import { isSecretName } from '../redact/index.js';

/** Fields that say which order, payment or issue a webhook is about, shown first when present. */
const TELLING = ['id', 'name', 'title', 'type', 'status', 'action', 'total_price', 'amount', 'currency', 'email', 'number'];
const MAX_FIELDS = 4;
const MAX_VALUE = 40;
const MAX_SUMMARY = 160;

const scalar = (value: unknown): value is string | number | boolean => typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
const cut = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

/**
 * One line that tells stored webhooks apart in a picker: a few top-level scalar fields
 * (`id=820982911946154508, name=#1001, total_price=1500.00, currency=USD`), the telling ones first,
 * secret-looking ones left out. A payload with no scalar field at the top is summarised by its keys.
 */
export function summarizePayload(payload: unknown): string {
  if (payload === undefined) return '(body is not JSON)';
  if (payload === null || typeof payload !== 'object' || Array.isArray(payload)) return cut(JSON.stringify(payload), MAX_SUMMARY);
  const fields = Object.entries(payload as Record<string, unknown>).filter(([key, value]) => scalar(value) && value !== '' && !isSecretName(key));
  const rank = (key: string) => (TELLING.includes(key) ? TELLING.indexOf(key) : TELLING.length);
  const chosen = fields.sort(([a], [b]) => rank(a) - rank(b)).slice(0, MAX_FIELDS);
  if (chosen.length === 0) return cut(`{ ${Object.keys(payload).join(', ')} }`, MAX_SUMMARY);
  return cut(chosen.map(([key, value]) => `${key}=${cut(String(value), MAX_VALUE)}`).join(', '), MAX_SUMMARY);
}
