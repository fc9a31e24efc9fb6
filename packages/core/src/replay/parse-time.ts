import { parseDuration } from '../durations/index.js';
import { hubError } from '../errors/index.js';

/**
 * A point in time as operators type it: an ISO 8601 date-time (`2026-11-29T10:00:00Z`) or an
 * age (`30m`, `2h`, `7d`) meaning that long before `now`.
 */
export function parseTimeArgument(value: string, now: Date = new Date()): Date {
  const trimmed = value.trim();
  const age = parseDuration(trimmed, ['s', 'm', 'h', 'd']);
  if (age !== undefined) return new Date(now.getTime() - age);
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const date = new Date(trimmed);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw hubError('HUB_BAD_REQUEST', `"${value}" is not a time: use an ISO date-time such as 2026-11-29T10:00:00Z, or an age such as 30m, 2h or 7d`);
}
