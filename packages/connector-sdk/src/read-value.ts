import type { ValueSource } from './define-connector.js';
import type { IncomingHeaders } from './verify/types.js';
import { headerValue } from './verify/header-value.js';

/** Walks a dot-separated path (`data.object.id`) through own properties only. */
function atPath(payload: unknown, path: string): unknown {
  let current = payload;
  for (const segment of path.split('.')) {
    if (typeof current !== 'object' || current === null || !Object.hasOwn(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

/**
 * Reads a provider event id, event type or account from a delivery. A number in the body
 * (Shopify ids) is returned as its decimal string; an empty string, an object or an absent
 * value gives undefined.
 */
export function readValue(source: ValueSource, headers: IncomingHeaders, payload: unknown): string | undefined {
  if (source.from === 'header') return headerValue(headers, source.name);
  const value = atPath(payload, source.path);
  if (typeof value === 'string') return value === '' ? undefined : value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return undefined;
}
