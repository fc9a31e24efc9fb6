import { hubError } from '../errors/index.js';

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `30m`, `1h`, `2d` -> ms (at most 30 days: a longer mute is a disabled alert). */
export function parseMuteDuration(value: string): number {
  const match = /^(\d+)\s*([mhd])$/.exec(value.trim());
  const ms = match ? Number(match[1]) * UNIT_MS[match[2] as keyof typeof UNIT_MS] : NaN;
  if (!(ms > 0) || ms > 30 * UNIT_MS.d) throw hubError('HUB_BAD_REQUEST', `mute duration "${value}" must look like 30m, 1h or 2d (at most 30d)`);
  return ms;
}
