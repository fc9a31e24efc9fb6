import { createHash } from 'node:crypto';

/**
 * The bucket (0-99) of an event: the first 32 bits of SHA-256 of its id, modulo 100. Stable
 * across processes, versions and replays, so a redelivered or replayed event lands on the same
 * side of a canary split (as long as the percent is unchanged).
 */
export function canaryBucket(eventId: string): number {
  return createHash('sha256').update(eventId).digest().readUInt32BE(0) % 100;
}

/** True when the event goes to the canary version of a `percent` % canary. */
export function inCanary(eventId: string, percent: number): boolean {
  return canaryBucket(eventId) < percent;
}
