import { DURATION_UNIT_MS, parseDuration } from '../durations/index.js';
import { hubError } from '../errors/index.js';

/** `30m`, `1h`, `2d` -> ms (at most 30 days: a longer mute is a disabled alert). */
export function parseMuteDuration(value: string): number {
  const ms = parseDuration(value, ['m', 'h', 'd']);
  if (ms === undefined || !(ms > 0) || ms > 30 * DURATION_UNIT_MS.d) throw hubError('HUB_BAD_REQUEST', `mute duration "${value}" must look like 30m, 1h or 2d (at most 30d)`);
  return ms;
}
