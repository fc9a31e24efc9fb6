import { timingSafeEqual } from 'node:crypto';

/**
 * Compares two byte strings in constant time. timingSafeEqual throws on unequal
 * lengths, which would turn a malformed signature into a 500 instead of a 401, so
 * the (public) lengths are compared first.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
