import { createHash, randomBytes } from 'node:crypto';

/**
 * Tokens are `hubtok_` + 256 random bits (base64url): the prefix lets secret scanners and log
 * redaction recognise one, the randomness makes a fast hash (SHA-256) enough to store.
 */
export const TOKEN_PREFIX = 'hubtok_';
const TOKEN_PATTERN = /^hubtok_[A-Za-z0-9_-]{43}$/;

export function generateTokenSecret(): string {
  return `${TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
}

/** Whether a presented string is shaped like a named token (anything else is not looked up). */
export function looksLikeToken(value: string): boolean {
  return TOKEN_PATTERN.test(value);
}

export function hashToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}
