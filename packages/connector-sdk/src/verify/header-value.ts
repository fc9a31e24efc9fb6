import type { IncomingHeaders } from './types.js';

/**
 * One header as a string. A repeated header arrives as an array; it is joined the way
 * Node joins repeated headers, so a second signature header cannot be silently ignored.
 * An empty value counts as absent.
 */
export function headerValue(headers: IncomingHeaders, name: string): string | undefined {
  const raw = headers[name.toLowerCase()];
  const value = Array.isArray(raw) ? raw.join(', ') : raw;
  return value === undefined || value.trim() === '' ? undefined : value.trim();
}
