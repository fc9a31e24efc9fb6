import type { SignInput, VerifyInput, VerifyResult, WebhookScheme } from '../verify/types.js';
import { checkTolerance } from '../verify/check-tolerance.js';
import { decodeSignature } from '../verify/decode-signature.js';
import { headerValue } from '../verify/header-value.js';
import { hmacSha256 } from '../verify/hmac-sha256.js';
import { isStale } from '../verify/is-stale.js';
import { matchesAny } from '../verify/matches-any.js';
import { parseUnixSeconds } from '../verify/parse-unix-seconds.js';

export interface StripeSchemeOptions {
  /** Accepted distance between the signed timestamp and now, both directions. Stripe's default is 300. */
  toleranceSeconds?: number;
}

const HEADER = 'stripe-signature';

interface StripeHeader {
  timestamp: string;
  v1: string[];
}

function parseHeader(value: string): StripeHeader | undefined {
  const timestamps: string[] = [];
  const v1: string[] = [];
  for (const item of value.split(',')) {
    const eq = item.indexOf('=');
    if (eq <= 0) return undefined;
    const key = item.slice(0, eq).trim();
    const val = item.slice(eq + 1).trim();
    if (key === 't') timestamps.push(val);
    // v0 and unknown schemes are ignored, as Stripe's own libraries do.
    else if (key === 'v1') v1.push(val);
  }
  const [timestamp] = timestamps;
  return timestamps.length === 1 && timestamp !== undefined ? { timestamp, v1 } : undefined;
}

/**
 * Stripe: `stripe-signature: t=<unix>,v1=<hex>[,v1=…]`, HMAC-SHA256 of `"{t}.{raw body}"`
 * keyed with the whole endpoint secret (`whsec_…` as-is). One matching v1 is enough.
 */
export function stripeScheme({ toleranceSeconds = 300 }: StripeSchemeOptions = {}): WebhookScheme {
  const tolerance = checkTolerance(toleranceSeconds);
  const expected = (secret: string, timestamp: string, rawBody: Buffer) => hmacSha256(secret, `${timestamp}.`, rawBody);

  function verify({ rawBody, headers, secrets, nowMs }: VerifyInput): VerifyResult {
    const value = headerValue(headers, HEADER);
    if (value === undefined) return { ok: false, reason: 'missing_signature' };
    const parsed = parseHeader(value);
    const timestamp = parsed && parseUnixSeconds(parsed.timestamp);
    if (parsed === undefined || timestamp === undefined) return { ok: false, reason: 'malformed' };
    if (isStale(timestamp, nowMs, tolerance)) return { ok: false, reason: 'stale_timestamp' };
    const provided = parsed.v1.map((sig) => decodeSignature(sig, 'hex')).filter((sig) => sig !== undefined);
    return matchesAny(secrets, (secret) => expected(secret, parsed.timestamp, rawBody), provided)
      ? { ok: true }
      : { ok: false, reason: 'invalid_signature' };
  }

  function sign({ rawBody, secret, nowMs }: SignInput): Record<string, string> {
    const timestamp = String(Math.floor(nowMs / 1000));
    return { [HEADER]: `t=${timestamp},v1=${expected(secret, timestamp, rawBody).toString('hex')}` };
  }

  return Object.freeze({ name: 'stripe', replayProtection: 'timestamp', signatureHeaders: [HEADER], toleranceSeconds: tolerance, verify, sign });
}
