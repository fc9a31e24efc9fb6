import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isHubError } from '../hub-error.js';
import type { IncomingHeaders } from '../verify/types.js';
import { hmacScheme, type HmacSchemeOptions } from './hmac-scheme.js';

// Slack's published example (api.slack.com, "Verifying requests from Slack").
const SLACK_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const SLACK_TIMESTAMP = '1531420618';
const SLACK_BODY = Buffer.from(
  'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c',
);
const SLACK_SIGNATURE = 'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503';
const SLACK_NOW_MS = Number(SLACK_TIMESTAMP) * 1000;

const slack = hmacScheme({
  header: 'X-Slack-Signature',
  prefix: 'v0=',
  timestampHeader: 'X-Slack-Request-Timestamp',
  signedContent: 'v0:{timestamp}:{body}',
});
const slackHeaders = (over: Record<string, string> = {}): IncomingHeaders => ({
  'x-slack-signature': SLACK_SIGNATURE,
  'x-slack-request-timestamp': SLACK_TIMESTAMP,
  ...over,
});
const verifySlack = (headers: IncomingHeaders, over: { rawBody?: Buffer; secrets?: string[]; nowMs?: number } = {}) =>
  slack.verify({ rawBody: over.rawBody ?? SLACK_BODY, headers, secrets: over.secrets ?? [SLACK_SECRET], nowMs: over.nowMs ?? SLACK_NOW_MS });

function codeOf(build: () => unknown): string | undefined {
  try {
    build();
  } catch (err) {
    return isHubError(err) ? err.code : 'not-a-hub-error';
  }
  return undefined;
}

describe('hmacScheme (Slack signing)', () => {
  it("accepts Slack's published example signature", () => {
    expect(verifySlack(slackHeaders())).toEqual({ ok: true });
  });

  it("signs Slack's example body to Slack's published signature", () => {
    expect(slack.sign({ rawBody: SLACK_BODY, secret: SLACK_SECRET, nowMs: SLACK_NOW_MS })).toEqual({
      'x-slack-signature': SLACK_SIGNATURE,
      'x-slack-request-timestamp': SLACK_TIMESTAMP,
    });
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(SLACK_BODY.toString().replace('foobar', 'foobaz'));
    expect(verifySlack(slackHeaders(), { rawBody: tampered })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('rejects a signature replayed with a fresher timestamp header', () => {
    const later = String(Number(SLACK_TIMESTAMP) + 60);
    expect(verifySlack(slackHeaders({ 'x-slack-request-timestamp': later }), { nowMs: Number(later) * 1000 })).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
  });

  it('rejects a signature made with another secret, and accepts the second of two secrets (rotation)', () => {
    expect(verifySlack(slackHeaders(), { secrets: ['another-secret'] })).toEqual({ ok: false, reason: 'invalid_signature' });
    expect(verifySlack(slackHeaders(), { secrets: ['retired-secret', SLACK_SECRET] })).toEqual({ ok: true });
  });

  it('reports a missing or empty signature header as missing_signature', () => {
    expect(verifySlack({ 'x-slack-request-timestamp': SLACK_TIMESTAMP })).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verifySlack(slackHeaders({ 'x-slack-signature': '' }))).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('rejects a timestamp 301 s old or 301 s ahead, accepts 299 s either way', () => {
    expect(verifySlack(slackHeaders(), { nowMs: SLACK_NOW_MS + 301_000 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifySlack(slackHeaders(), { nowMs: SLACK_NOW_MS - 301_000 })).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verifySlack(slackHeaders(), { nowMs: SLACK_NOW_MS + 299_000 })).toEqual({ ok: true });
    expect(verifySlack(slackHeaders(), { nowMs: SLACK_NOW_MS - 299_000 })).toEqual({ ok: true });
  });

  it.each([
    ['no timestamp header', { 'x-slack-request-timestamp': '' }],
    ['a non-numeric timestamp', { 'x-slack-request-timestamp': 'soon' }],
    ['a signature without the v0= prefix', { 'x-slack-signature': SLACK_SIGNATURE.slice(3) }],
    ['a v1= prefix', { 'x-slack-signature': `v1=${SLACK_SIGNATURE.slice(3)}` }],
    ['a non-hex digest', { 'x-slack-signature': `v0=${'z'.repeat(64)}` }],
    ['a digest of the wrong length', { 'x-slack-signature': 'v0=abcd' }],
    ['trailing garbage after a valid digest', { 'x-slack-signature': `${SLACK_SIGNATURE}zz` }],
  ])('returns malformed, not an exception, for %s', (_name, over) => {
    expect(verifySlack(slackHeaders(over))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('names the signature header to strip before storing and the tolerance', () => {
    expect(slack.name).toBe('hmac');
    expect(slack.signatureHeaders).toEqual(['x-slack-signature']);
    expect(slack.toleranceSeconds).toBe(300);
  });
});

describe('hmacScheme (Zendesk signing: base64 of HMAC-SHA256(timestamp + body))', () => {
  const SECRET = 'dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3RpbmdfcHVycG9zZXNfb25seQ==';
  const timestamp = '2024-05-01T12:00:00Z';
  const nowMs = Date.parse(timestamp);
  const body = Buffer.from('{"type":"zen:event-type:ticket.created","detail":{"id":"35436"}}');
  // Computed independently, as Zendesk's own Node example does.
  const signature = createHmac('sha256', SECRET).update(timestamp + body.toString()).digest('base64');
  const zendesk = hmacScheme({
    header: 'x-zendesk-webhook-signature',
    encoding: 'base64',
    timestampHeader: 'x-zendesk-webhook-signature-timestamp',
    timestampFormat: 'iso8601',
    signedContent: '{timestamp}{body}',
  });
  const headers = { 'x-zendesk-webhook-signature': signature, 'x-zendesk-webhook-signature-timestamp': timestamp };
  const verify = (h: IncomingHeaders, rawBody = body, at = nowMs) => zendesk.verify({ rawBody, headers: h, secrets: [SECRET], nowMs: at });

  it('accepts a Zendesk-style signature and signs the same one', () => {
    expect(verify(headers)).toEqual({ ok: true });
    expect(zendesk.sign({ rawBody: body, secret: SECRET, nowMs })).toEqual(headers);
  });

  it('rejects a tampered body, a stale ISO timestamp and a unix timestamp where ISO 8601 is expected', () => {
    expect(verify(headers, Buffer.from(body.toString().replace('35436', '35437')))).toEqual({ ok: false, reason: 'invalid_signature' });
    expect(verify(headers, body, nowMs + 301_000)).toEqual({ ok: false, reason: 'stale_timestamp' });
    expect(verify({ ...headers, 'x-zendesk-webhook-signature-timestamp': String(nowMs / 1000) })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects unpadded or re-encoded base64 as malformed', () => {
    expect(verify({ ...headers, 'x-zendesk-webhook-signature': signature.replace(/=$/, '') })).toEqual({ ok: false, reason: 'malformed' });
    expect(verify({ ...headers, 'x-zendesk-webhook-signature': Buffer.from(signature, 'base64').toString('hex') })).toEqual({ ok: false, reason: 'malformed' });
  });
});

describe('hmacScheme (options)', () => {
  const body = Buffer.from('{"id":1}');
  it.each(['sha1', 'sha512'] as const)('verifies %s digests it signs, and only with the right length', (algorithm) => {
    const scheme = hmacScheme({ header: 'x-sig', algorithm });
    const headers = scheme.sign({ rawBody: body, secret: 's', nowMs: 0 });
    expect(headers['x-sig']).toBe(createHmac(algorithm, 's').update(body).digest('hex'));
    expect(scheme.verify({ rawBody: body, headers, secrets: ['s'], nowMs: 0 })).toEqual({ ok: true });
    expect(scheme.toleranceSeconds).toBeUndefined();
    const short = { 'x-sig': headers['x-sig']!.slice(2) };
    expect(scheme.verify({ rawBody: body, headers: short, secrets: ['s'], nowMs: 0 })).toEqual({ ok: false, reason: 'malformed' });
  });

  it.each<[string, HmacSchemeOptions, string]>([
    ['signed content without {body}', { header: 'x', signedContent: '{timestamp}', timestampHeader: 't' }, 'HUB_WEBHOOK_SCHEME_INVALID'],
    ['{body} twice', { header: 'x', signedContent: '{body}{body}' }, 'HUB_WEBHOOK_SCHEME_INVALID'],
    ['a timestamp header whose value is not signed', { header: 'x', timestampHeader: 't' }, 'HUB_WEBHOOK_SCHEME_INVALID'],
    ['{timestamp} without a timestamp header', { header: 'x', signedContent: '{timestamp}.{body}' }, 'HUB_WEBHOOK_SCHEME_INVALID'],
    ['a tolerance of 0 s', { header: 'x', signedContent: '{timestamp}.{body}', timestampHeader: 't', toleranceSeconds: 0 }, 'HUB_WEBHOOK_TOLERANCE_INVALID'],
  ])('refuses %s', (_name, options, code) => {
    expect(codeOf(() => hmacScheme(options))).toBe(code);
  });
});
