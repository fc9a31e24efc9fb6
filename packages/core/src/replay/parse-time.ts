import { hubError } from '../errors/index.js';

const RELATIVE = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A point in time as operators type it: an ISO 8601 date-time (`2026-11-29T10:00:00Z`) or an
 * age (`30m`, `2h`, `7d`) meaning that long before `now`.
 */
export function parseTimeArgument(value: string, now: Date = new Date()): Date {
  const trimmed = value.trim();
  const relative = RELATIVE.exec(trimmed);
  if (relative) return new Date(now.getTime() - Number(relative[1]) * UNIT_MS[relative[2] as keyof typeof UNIT_MS]);
  if (/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(trimmed)) {
    const date = new Date(trimmed);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw hubError('HUB_BAD_REQUEST', `"${value}" is not a time: use an ISO date-time such as 2026-11-29T10:00:00Z, or an age such as 30m, 2h or 7d`);
}
