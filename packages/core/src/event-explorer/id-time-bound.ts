/**
 * How far an event id's clock (the ingress's, UUIDv7) may be from its created_at (PostgreSQL's
 * transaction start) and a time filter still find it: the id bound only narrows the index range
 * scanned, the created_at comparison decides.
 */
export const ID_CLOCK_SLACK_MS = 5 * 60_000;

/** The smallest UUIDv7 of millisecond `ms`: ids of events stamped at or after it compare >= it. */
export function uuidv7Floor(ms: number): string {
  const hex = Math.max(0, Math.floor(ms)).toString(16).padStart(12, '0').slice(-12);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-0000-0000-000000000000`;
}
