import type { SignInput, VerifyInput, VerifyResult, WebhookScheme } from '../verify/types.js';
import { decodeSignature } from '../verify/decode-signature.js';
import { headerValue } from '../verify/header-value.js';
import { hmacSha256 } from '../verify/hmac-sha256.js';
import { matchesAny } from '../verify/matches-any.js';

const HEADER = 'x-shopify-hmac-sha256';

/**
 * Shopify: `x-shopify-hmac-sha256: <base64>`, HMAC-SHA256 of the raw body keyed with the
 * app's client secret. A rotated secret can take up to an hour to apply, so pass both.
 */
export function shopifyScheme(): WebhookScheme {
  function verify({ rawBody, headers, secrets }: VerifyInput): VerifyResult {
    const value = headerValue(headers, HEADER);
    if (value === undefined) return { ok: false, reason: 'missing_signature' };
    const signature = decodeSignature(value, 'base64');
    if (signature === undefined) return { ok: false, reason: 'malformed' };
    return matchesAny(secrets, (secret) => hmacSha256(secret, rawBody), [signature])
      ? { ok: true }
      : { ok: false, reason: 'invalid_signature' };
  }

  function sign({ rawBody, secret }: SignInput): Record<string, string> {
    return { [HEADER]: hmacSha256(secret, rawBody).toString('base64') };
  }

  return Object.freeze({ name: 'shopify', replayProtection: 'body-digest', signatureHeaders: [HEADER], verify, sign });
}
