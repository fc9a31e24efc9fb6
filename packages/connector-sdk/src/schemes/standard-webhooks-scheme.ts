import { randomUUID } from 'node:crypto';
import type { SignInput, VerifyInput, VerifyResult, WebhookScheme } from '../verify/types.js';
import { WebhookSchemeOptionsError } from '../errors.js';
import { checkTolerance } from '../verify/check-tolerance.js';
import { decodeSignature } from '../verify/decode-signature.js';
import { headerValue } from '../verify/header-value.js';
import { hmacSha256 } from '../verify/hmac-sha256.js';
import { isStale } from '../verify/is-stale.js';
import { matchesAny } from '../verify/matches-any.js';
import { parseUnixSeconds } from '../verify/parse-unix-seconds.js';

export interface StandardWebhooksSchemeOptions {
  /** Accepted distance between `webhook-timestamp` and now, both directions. The spec's default is 300. */
  toleranceSeconds?: number;
  /**
   * Prefix of the three header names: `webhook` (the spec's `webhook-id`, …) or `svix` (`svix-id`,
   * `svix-timestamp`, `svix-signature`, which Svix sends to all but white-labelled senders, e.g. Resend).
   */
  headerPrefix?: StandardWebhooksHeaderPrefix;
}

export type StandardWebhooksHeaderPrefix = 'webhook' | 'svix';

/** `whsec_<base64>`: the key is the decoded part after the prefix (a bare base64 secret is accepted too). */
function keyOf(secret: string): Buffer {
  return Buffer.from(secret.startsWith('whsec_') ? secret.slice('whsec_'.length) : secret, 'base64');
}

/** Each entry is `<version>,<signature>`; only v1 (HMAC-SHA256, base64) can match. */
function parseSignatures(value: string): Buffer[] | undefined {
  const entries = value.split(' ').filter((entry) => entry !== '');
  if (!entries.every((entry) => /^[^,]+,[^,]+$/.test(entry))) return undefined;
  return entries
    .filter((entry) => entry.startsWith('v1,'))
    .map((entry) => decodeSignature(entry.slice('v1,'.length), 'base64'))
    .filter((sig) => sig !== undefined);
}

/**
 * Standard Webhooks (Svix and others): `webhook-id`, `webhook-timestamp` and
 * `webhook-signature: v1,<base64> [v1,<base64> …]` over `"{id}.{timestamp}.{raw body}"`
 * (`svix-*` names with `headerPrefix: 'svix'`).
 */
export function standardWebhooksScheme({ toleranceSeconds = 300, headerPrefix = 'webhook' }: StandardWebhooksSchemeOptions = {}): WebhookScheme {
  const tolerance = checkTolerance(toleranceSeconds);
  // Guards JavaScript callers and casts: any other prefix would silently answer missing_signature.
  if (headerPrefix !== 'webhook' && headerPrefix !== 'svix') throw new WebhookSchemeOptionsError('standardWebhooks', `headerPrefix must be "webhook" or "svix", got "${String(headerPrefix)}"`);
  const ID = `${headerPrefix}-id`;
  const TIMESTAMP = `${headerPrefix}-timestamp`;
  const SIGNATURE = `${headerPrefix}-signature`;
  const expected = (secret: string, id: string, timestamp: string, rawBody: Buffer) =>
    hmacSha256(keyOf(secret), `${id}.${timestamp}.`, rawBody);

  function verify({ rawBody, headers, secrets, nowMs }: VerifyInput): VerifyResult {
    const value = headerValue(headers, SIGNATURE);
    if (value === undefined) return { ok: false, reason: 'missing_signature' };
    const id = headerValue(headers, ID);
    const timestampText = headerValue(headers, TIMESTAMP);
    const timestamp = timestampText === undefined ? undefined : parseUnixSeconds(timestampText);
    const provided = parseSignatures(value);
    if (id === undefined || timestampText === undefined || timestamp === undefined || provided === undefined) {
      return { ok: false, reason: 'malformed' };
    }
    if (isStale(timestamp, nowMs, tolerance)) return { ok: false, reason: 'stale_timestamp' };
    return matchesAny(secrets, (secret) => expected(secret, id, timestampText, rawBody), provided)
      ? { ok: true }
      : { ok: false, reason: 'invalid_signature' };
  }

  function sign({ rawBody, secret, nowMs, deliveryId }: SignInput): Record<string, string> {
    const id = deliveryId ?? `msg_${randomUUID()}`;
    const timestamp = String(Math.floor(nowMs / 1000));
    return {
      [ID]: id,
      [TIMESTAMP]: timestamp,
      [SIGNATURE]: `v1,${expected(secret, id, timestamp, rawBody).toString('base64')}`,
    };
  }

  return Object.freeze({ name: 'standard-webhooks', replayProtection: 'timestamp', signatureHeaders: [SIGNATURE], toleranceSeconds: tolerance, verify, sign });
}
