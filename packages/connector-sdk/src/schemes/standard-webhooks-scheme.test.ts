import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { isHubError } from '../hub-error.js';
import type { IncomingHeaders } from '../verify/types.js';
import { standardWebhooksScheme } from './standard-webhooks-scheme.js';

// Secret from the Standard Webhooks specification's examples.
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const OTHER_SECRET = `whsec_${Buffer.from('another key of some length').toString('base64')}`;
const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;
const MSG_ID = 'msg_p5jXN8AQM9LWM0D4loKWxJek';
const payload = JSON.stringify({ type: 'contact.created', timestamp: '2022-11-03T20:26:10.344522Z', data: { id: 1 } }, null, 2);
const body = Buffer.from(payload);

const scheme = standardWebhooksScheme();
const libSign = (opts: { secret?: string; timestamp?: number; payload?: string } = {}) =>
  new Webhook(opts.secret ?? SECRET).sign(MSG_ID, new Date((opts.timestamp ?? NOW_S) * 1000), opts.payload ?? payload);
const headersFor = (signature: string, timestamp = NOW_S): Record<string, string> => ({
  'webhook-id': MSG_ID,
  'webhook-timestamp': String(timestamp),
  'webhook-signature': signature,
});
const verify = (headers: IncomingHeaders, over: { rawBody?: Buffer; secrets?: string[]; nowMs?: number } = {}) =>
  scheme.verify({ rawBody: over.rawBody ?? body, headers, secrets: over.secrets ?? [SECRET], nowMs: over.nowMs ?? NOW_MS });

describe('standardWebhooksScheme', () => {
  it("accepts a signature made by the standardwebhooks library's sign", () => {
    expect(verify(headersFor(libSign()))).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    expect(verify(headersFor(libSign()), { rawBody: Buffer.from(payload.replace('contact', 'invoice')) })).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
  });

  it('rejects a signature made with another secret', () => {
    expect(verify(headersFor(libSign({ secret: OTHER_SECRET })))).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('rejects a signature moved to another message id', () => {
    expect(verify({ ...headersFor(libSign()), 'webhook-id': 'msg_other' })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('reports a missing webhook-signature header', () => {
    const { 'webhook-signature': _dropped, ...rest } = headersFor(libSign());
    expect(verify(rest)).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('reports a signed delivery without webhook-id or webhook-timestamp as malformed', () => {
    const { 'webhook-id': _id, ...noId } = headersFor(libSign());
    const { 'webhook-timestamp': _ts, ...noTimestamp } = headersFor(libSign());
    expect(verify(noId)).toEqual({ ok: false, reason: 'malformed' });
    expect(verify(noTimestamp)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects a signature whose timestamp is 301 s old', () => {
    expect(verify(headersFor(libSign({ timestamp: NOW_S - 301 }), NOW_S - 301))).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('rejects a signature whose timestamp is 301 s in the future', () => {
    expect(verify(headersFor(libSign({ timestamp: NOW_S + 301 }), NOW_S + 301))).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('accepts a signature whose timestamp is 299 s old or 299 s ahead', () => {
    expect(verify(headersFor(libSign({ timestamp: NOW_S - 299 }), NOW_S - 299))).toEqual({ ok: true });
    expect(verify(headersFor(libSign({ timestamp: NOW_S + 299 }), NOW_S + 299))).toEqual({ ok: true });
  });

  it('accepts several space-separated signatures when one of them matches', () => {
    const wrong = libSign({ secret: OTHER_SECRET });
    expect(verify(headersFor(`v1a,c29tZXRoaW5nIGVsc2U= ${wrong} ${libSign()}`))).toEqual({ ok: true });
    expect(verify(headersFor(`${wrong} ${wrong}`))).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('accepts a delivery signed with the second of two accepted secrets (rotation)', () => {
    expect(verify(headersFor(libSign()), { secrets: [OTHER_SECRET, SECRET] })).toEqual({ ok: true });
  });

  it('rejects a body that was parsed and re-serialised with different spacing', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(payload)));
    expect(verify(headersFor(libSign()), { rawBody: reserialised })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it.each([
    ['a signature without a version', { 'webhook-signature': 'garbage' }, 'malformed'],
    ['a non-numeric timestamp', { 'webhook-timestamp': 'yesterday' }, 'malformed'],
    ['a non-base64 v1 signature', { 'webhook-signature': 'v1,zz!' }, 'invalid_signature'],
    ['a v1 signature of the wrong length', { 'webhook-signature': 'v1,AAAA' }, 'invalid_signature'],
  ])('returns a result, not an exception, for %s', (_name, override, reason) => {
    expect(verify({ ...headersFor(libSign()), ...override })).toEqual({ ok: false, reason });
  });

  it('signs deliveries that the standardwebhooks library verifies', () => {
    const nowMs = Date.now(); // the library reads the real clock
    const headers = scheme.sign({ rawBody: body, secret: SECRET, nowMs, deliveryId: MSG_ID });
    expect(headers['webhook-id']).toBe(MSG_ID);
    expect(new Webhook(SECRET).verify(payload, headers)).toEqual(JSON.parse(payload));
    expect(scheme.verify({ rawBody: body, headers, secrets: [SECRET], nowMs })).toEqual({ ok: true });
  });

  it('invents a message id when none is given', () => {
    const headers = scheme.sign({ rawBody: body, secret: SECRET, nowMs: NOW_MS });
    expect(headers['webhook-id']).toMatch(/^msg_/);
    expect(verify(headers)).toEqual({ ok: true });
  });

  it.each([0, -300, Number.POSITIVE_INFINITY])('refuses a tolerance of %s seconds', (toleranceSeconds) => {
    let caught: unknown;
    try {
      standardWebhooksScheme({ toleranceSeconds });
    } catch (err) {
      caught = err;
    }
    expect(isHubError(caught) && caught.code).toBe('HUB_WEBHOOK_TOLERANCE_INVALID');
  });
});

describe("standardWebhooksScheme({ headerPrefix: 'svix' })", () => {
  const svix = standardWebhooksScheme({ headerPrefix: 'svix' });
  const svixHeaders = (signature: string, timestamp = NOW_S): Record<string, string> => ({
    'svix-id': MSG_ID,
    'svix-timestamp': String(timestamp),
    'svix-signature': signature,
  });
  const verifySvix = (headers: IncomingHeaders, over: { rawBody?: Buffer; nowMs?: number } = {}) =>
    svix.verify({ rawBody: over.rawBody ?? body, headers, secrets: [SECRET], nowMs: over.nowMs ?? NOW_MS });

  it('names the svix-signature header as the one that carries the signature', () => {
    expect(svix.signatureHeaders).toEqual(['svix-signature']);
    expect(scheme.signatureHeaders).toEqual(['webhook-signature']);
  });

  it("accepts the standardwebhooks library's signature under the svix-* header names", () => {
    expect(verifySvix(svixHeaders(libSign()))).toEqual({ ok: true });
  });

  it("accepts the example from Svix's manual-verification guide", () => {
    // https://docs.svix.com/receiving/verifying-payloads/how-manual (secret, id, timestamp, body and signature as published)
    const headers = { 'svix-id': 'msg_p5jXN8AQM9LWM0D4loKWxJek', 'svix-timestamp': '1614265330', 'svix-signature': 'v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=' };
    const verified = svix.verify({ rawBody: Buffer.from('{"test": 2432232314}'), headers, secrets: [SECRET], nowMs: 1614265330_000 });
    expect(verified).toEqual({ ok: true });
    const tampered = svix.verify({ rawBody: Buffer.from('{"test": 2432232315}'), headers, secrets: [SECRET], nowMs: 1614265330_000 });
    expect(tampered).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('reads only the svix-* names: webhook-* headers are a missing signature, and webhook-* scheme ignores svix-*', () => {
    expect(verifySvix(headersFor(libSign()))).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify(svixHeaders(libSign()))).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('reports a signed delivery without svix-id as malformed and a stale svix-timestamp as stale', () => {
    const { 'svix-id': _id, ...noId } = svixHeaders(libSign());
    expect(verifySvix(noId)).toEqual({ ok: false, reason: 'malformed' });
    expect(verifySvix(svixHeaders(libSign({ timestamp: NOW_S - 301 }), NOW_S - 301))).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('signs svix-* deliveries that the standardwebhooks library verifies once renamed to webhook-*', () => {
    const nowMs = Date.now(); // the library reads the real clock
    const headers = svix.sign({ rawBody: body, secret: SECRET, nowMs, deliveryId: MSG_ID });
    expect(Object.keys(headers).sort()).toEqual(['svix-id', 'svix-signature', 'svix-timestamp']);
    const renamed = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.replace(/^svix-/, 'webhook-'), value]));
    expect(new Webhook(SECRET).verify(payload, renamed)).toEqual(JSON.parse(payload));
    expect(svix.verify({ rawBody: body, headers, secrets: [SECRET], nowMs })).toEqual({ ok: true });
  });

  it('refuses a header prefix other than webhook or svix', () => {
    let caught: unknown;
    try {
      standardWebhooksScheme({ headerPrefix: 'x-svix' as 'svix' });
    } catch (err) {
      caught = err;
    }
    expect(isHubError(caught) && caught.code).toBe('HUB_WEBHOOK_SCHEME_INVALID');
  });
});
