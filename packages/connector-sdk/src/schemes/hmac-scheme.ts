import { createHmac } from 'node:crypto';
import { WebhookSchemeOptionsError } from '../errors.js';
import type { SignInput, VerifyInput, VerifyResult, WebhookScheme } from '../verify/types.js';
import { checkTolerance } from '../verify/check-tolerance.js';
import { decodeDigest } from '../verify/decode-digest.js';
import { headerValue } from '../verify/header-value.js';
import { isStale } from '../verify/is-stale.js';
import { matchesAny } from '../verify/matches-any.js';
import { parseUnixSeconds } from '../verify/parse-unix-seconds.js';

export interface HmacSchemeOptions {
  /** Header that carries the signature, e.g. `x-slack-signature`. */
  header: string;
  /** Digest of the HMAC. Default sha256. */
  algorithm?: 'sha1' | 'sha256' | 'sha512';
  /** How the digest is written in the header. Default hex. */
  encoding?: 'hex' | 'base64';
  /** Text before the digest in the header, e.g. `v0=` or `sha256=`. Default none. */
  prefix?: string;
  /** What is signed: `{body}` (the raw bytes, exactly once) and `{timestamp}` (the timestamp header's text). Default `{body}`. */
  signedContent?: string;
  /** Header that carries the signed timestamp; required when signedContent holds `{timestamp}`. */
  timestampHeader?: string;
  /** `unix`: seconds as digits (Slack); `iso8601`: `2024-01-31T12:00:00Z` (Zendesk). Default unix. */
  timestampFormat?: 'unix' | 'iso8601';
  /** Accepted distance between the signed timestamp and now, both directions. Default 300. */
  toleranceSeconds?: number;
}

const DIGEST_BYTES = { sha1: 20, sha256: 32, sha512: 64 } as const;
const ISO_8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;

/** The template split around `{body}`; each side still holds `{timestamp}` placeholders. */
function splitTemplate(template: string, usesTimestamp: boolean): [string, string] {
  const parts = template.split('{body}');
  if (parts.length !== 2) throw new WebhookSchemeOptionsError('hmac', 'signedContent must contain {body} exactly once');
  // A timestamp header that is not signed protects nothing; a signed timestamp needs a header to come from.
  if (template.includes('{timestamp}') !== usesTimestamp) {
    throw new WebhookSchemeOptionsError('hmac', 'signedContent contains {timestamp} if and only if timestampHeader is set');
  }
  return [parts[0]!, parts[1]!];
}

function parseTimestamp(text: string, format: 'unix' | 'iso8601'): number | undefined {
  if (format === 'unix') return parseUnixSeconds(text);
  if (!ISO_8601.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

function formatTimestamp(nowMs: number, format: 'unix' | 'iso8601'): string {
  return format === 'unix' ? String(Math.floor(nowMs / 1000)) : new Date(Math.floor(nowMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * A provider-neutral HMAC signature: `<header>: <prefix><digest>` over a template of the raw body
 * and, optionally, a timestamp header (Slack: `v0:{timestamp}:{body}`; Zendesk: `{timestamp}{body}`,
 * base64). The body is fed as bytes, never decoded; comparison is constant-time over every secret.
 */
export function hmacScheme(options: HmacSchemeOptions): WebhookScheme {
  const header = options.header.toLowerCase();
  const algorithm = options.algorithm ?? 'sha256';
  const encoding = options.encoding ?? 'hex';
  const prefix = options.prefix ?? '';
  const timestampHeader = options.timestampHeader?.toLowerCase();
  const timestampFormat = options.timestampFormat ?? 'unix';
  const [before, after] = splitTemplate(options.signedContent ?? '{body}', timestampHeader !== undefined);
  const tolerance = timestampHeader === undefined ? undefined : checkTolerance(options.toleranceSeconds ?? 300);

  const expected = (secret: string, timestamp: string, rawBody: Buffer) =>
    createHmac(algorithm, secret)
      .update(before.replaceAll('{timestamp}', timestamp))
      .update(rawBody)
      .update(after.replaceAll('{timestamp}', timestamp))
      .digest();

  function verify({ rawBody, headers, secrets, nowMs }: VerifyInput): VerifyResult {
    const value = headerValue(headers, header);
    if (value === undefined) return { ok: false, reason: 'missing_signature' };
    const signature = value.startsWith(prefix) ? decodeDigest(value.slice(prefix.length), encoding, DIGEST_BYTES[algorithm]) : undefined;
    if (signature === undefined) return { ok: false, reason: 'malformed' };
    let timestampText = '';
    if (timestampHeader !== undefined && tolerance !== undefined) {
      timestampText = headerValue(headers, timestampHeader) ?? '';
      const timestamp = parseTimestamp(timestampText, timestampFormat);
      if (timestamp === undefined) return { ok: false, reason: 'malformed' };
      if (isStale(timestamp, nowMs, tolerance)) return { ok: false, reason: 'stale_timestamp' };
    }
    return matchesAny(secrets, (secret) => expected(secret, timestampText, rawBody), [signature])
      ? { ok: true }
      : { ok: false, reason: 'invalid_signature' };
  }

  function sign({ rawBody, secret, nowMs }: SignInput): Record<string, string> {
    const timestamp = timestampHeader === undefined ? '' : formatTimestamp(nowMs, timestampFormat);
    const signed = { [header]: `${prefix}${expected(secret, timestamp, rawBody).toString(encoding)}` };
    return timestampHeader === undefined ? signed : { ...signed, [timestampHeader]: timestamp };
  }

  return Object.freeze({
    name: 'hmac',
    signatureHeaders: [header],
    replayProtection: tolerance === undefined ? 'body-digest' : 'timestamp',
    ...(tolerance === undefined ? {} : { toleranceSeconds: tolerance }),
    verify,
    sign,
  });
}
