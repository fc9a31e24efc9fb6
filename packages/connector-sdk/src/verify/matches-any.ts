import { constantTimeEqual } from './constant-time-equal.js';

/**
 * True when any provided signature equals the signature expected for any accepted
 * secret (several secrets during a rotation, several signatures when the provider rolls).
 */
export function matchesAny(
  secrets: readonly string[],
  expectedFor: (secret: string) => Uint8Array,
  provided: readonly Uint8Array[],
): boolean {
  for (const secret of secrets) {
    const expected = expectedFor(secret);
    if (provided.some((candidate) => constantTimeEqual(candidate, expected))) return true;
  }
  return false;
}
