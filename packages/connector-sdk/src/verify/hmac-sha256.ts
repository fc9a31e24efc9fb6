import { createHmac } from 'node:crypto';

/** HMAC-SHA256 over the concatenation of `parts`, fed as bytes (the body is never decoded). */
export function hmacSha256(key: string | Uint8Array, ...parts: ReadonlyArray<string | Uint8Array>): Buffer {
  const hmac = createHmac('sha256', key);
  for (const part of parts) hmac.update(part);
  return hmac.digest();
}
