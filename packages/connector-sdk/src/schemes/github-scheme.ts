import type { SignInput, VerifyInput, VerifyResult, WebhookScheme } from '../verify/types.js';
import { decodeSignature } from '../verify/decode-signature.js';
import { headerValue } from '../verify/header-value.js';
import { hmacSha256 } from '../verify/hmac-sha256.js';
import { matchesAny } from '../verify/matches-any.js';

const HEADER = 'x-hub-signature-256';
const PREFIX = 'sha256=';

/**
 * GitHub: `x-hub-signature-256: sha256=<hex>`, HMAC-SHA256 of the raw body. No timestamp is
 * signed, so a captured delivery can be replayed: the ingress dedupes on `x-github-delivery`
 * and on a digest of the body (replayProtection `body-digest`).
 */
export function githubScheme(): WebhookScheme {
  function verify({ rawBody, headers, secrets }: VerifyInput): VerifyResult {
    const value = headerValue(headers, HEADER);
    if (value === undefined) return { ok: false, reason: 'missing_signature' };
    const signature = value.startsWith(PREFIX) ? decodeSignature(value.slice(PREFIX.length), 'hex') : undefined;
    if (signature === undefined) return { ok: false, reason: 'malformed' };
    return matchesAny(secrets, (secret) => hmacSha256(secret, rawBody), [signature])
      ? { ok: true }
      : { ok: false, reason: 'invalid_signature' };
  }

  function sign({ rawBody, secret }: SignInput): Record<string, string> {
    return { [HEADER]: `${PREFIX}${hmacSha256(secret, rawBody).toString('hex')}` };
  }

  // The legacy SHA-1 header also carries a signature: strip it too before storing.
  return Object.freeze({ name: 'github', replayProtection: 'body-digest', signatureHeaders: [HEADER, 'x-hub-signature'], verify, sign });
}
