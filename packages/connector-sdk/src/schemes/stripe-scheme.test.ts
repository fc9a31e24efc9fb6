import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { isHubError } from '../hub-error.js';
import type { IncomingHeaders } from '../verify/types.js';
import { stripeScheme } from './stripe-scheme.js';

const stripe = new Stripe('sk_test_x');
const SECRET = 'whsec_test_endpoint_secret';
const NOW_MS = 1_700_000_000_000;
const NOW_S = NOW_MS / 1000;
// Stripe sends pretty-printed JSON: the bytes matter, not the parsed value.
const payload = JSON.stringify({ id: 'evt_1', object: 'event', type: 'payment_intent.succeeded', data: { object: {} } }, null, 2);
const body = Buffer.from(payload);

const scheme = stripeScheme();
const stripeHeader = (opts: { secret?: string; timestamp?: number; payload?: string } = {}) =>
  stripe.webhooks.generateTestHeaderString({ payload: opts.payload ?? payload, secret: opts.secret ?? SECRET, timestamp: opts.timestamp ?? NOW_S });
const v1Of = (header: string) => header.split(',').find((part) => part.startsWith('v1='))!.slice(3);
const verify = (headers: IncomingHeaders, over: { rawBody?: Buffer; secrets?: string[]; nowMs?: number } = {}) =>
  scheme.verify({ rawBody: over.rawBody ?? body, headers, secrets: over.secrets ?? [SECRET], nowMs: over.nowMs ?? NOW_MS });

describe('stripeScheme', () => {
  it("accepts a signature made by Stripe's own library", () => {
    expect(verify({ 'stripe-signature': stripeHeader() })).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(payload.replace('evt_1', 'evt_2'));
    expect(verify({ 'stripe-signature': stripeHeader() }, { rawBody: tampered })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('rejects a signature made with another secret', () => {
    expect(verify({ 'stripe-signature': stripeHeader({ secret: 'whsec_other' }) })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('reports a missing stripe-signature header', () => {
    expect(verify({})).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify({ 'stripe-signature': '' })).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('rejects a signature whose timestamp is 301 s old', () => {
    expect(verify({ 'stripe-signature': stripeHeader({ timestamp: NOW_S - 301 }) })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('rejects a signature whose timestamp is 301 s in the future', () => {
    expect(verify({ 'stripe-signature': stripeHeader({ timestamp: NOW_S + 301 }) })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('accepts a signature whose timestamp is 299 s old or 299 s ahead', () => {
    expect(verify({ 'stripe-signature': stripeHeader({ timestamp: NOW_S - 299 }) })).toEqual({ ok: true });
    expect(verify({ 'stripe-signature': stripeHeader({ timestamp: NOW_S + 299 }) })).toEqual({ ok: true });
  });

  it('honours a custom tolerance', () => {
    const header = stripeHeader({ timestamp: NOW_S - 500 });
    const wide = stripeScheme({ toleranceSeconds: 600 });
    expect(wide.verify({ rawBody: body, headers: { 'stripe-signature': header }, secrets: [SECRET], nowMs: NOW_MS })).toEqual({ ok: true });
    expect(verify({ 'stripe-signature': header })).toEqual({ ok: false, reason: 'stale_timestamp' });
  });

  it('accepts a header with several v1 signatures when one of them matches', () => {
    const wrong = v1Of(stripeHeader({ secret: 'whsec_old' }));
    const right = v1Of(stripeHeader());
    expect(verify({ 'stripe-signature': `t=${NOW_S},v1=${wrong},v1=${right}` })).toEqual({ ok: true });
    expect(verify({ 'stripe-signature': `t=${NOW_S},v1=${wrong},v1=${wrong}` })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('ignores a v0 signature even when it would match', () => {
    const right = v1Of(stripeHeader());
    expect(verify({ 'stripe-signature': `t=${NOW_S},v0=${right}` })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('accepts a delivery signed with the second of two accepted secrets (rotation)', () => {
    expect(verify({ 'stripe-signature': stripeHeader() }, { secrets: ['whsec_retired', SECRET] })).toEqual({ ok: true });
  });

  it('rejects a body that was parsed and re-serialised with different spacing', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(payload)));
    expect(reserialised.equals(body)).toBe(false);
    expect(verify({ 'stripe-signature': stripeHeader() }, { rawBody: reserialised })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it.each([
    ['no key=value pairs', 'garbage', 'malformed'],
    ['no timestamp', `v1=${'a'.repeat(64)}`, 'malformed'],
    ['a non-numeric timestamp', `t=soon,v1=${'a'.repeat(64)}`, 'malformed'],
    ['two timestamps', `t=${NOW_S},t=${NOW_S},v1=${'a'.repeat(64)}`, 'malformed'],
    ['a non-hex signature', `t=${NOW_S},v1=zz`, 'invalid_signature'],
    ['a signature of the wrong length', `t=${NOW_S},v1=abcd`, 'invalid_signature'],
    ['no v1 at all', `t=${NOW_S}`, 'invalid_signature'],
  ])('returns a result, not an exception, for a header with %s', (_name, header, reason) => {
    expect(verify({ 'stripe-signature': header })).toEqual({ ok: false, reason });
  });

  it('rejects a valid signature followed by trailing garbage', () => {
    const right = v1Of(stripeHeader());
    expect(verify({ 'stripe-signature': `t=${NOW_S},v1=${right}zz` })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it("signs deliveries that Stripe's own constructEvent accepts", () => {
    const headers = scheme.sign({ rawBody: body, secret: SECRET, nowMs: NOW_MS });
    const event = stripe.webhooks.constructEvent(body, headers['stripe-signature']!, SECRET, 300, undefined, NOW_MS);
    expect(event.id).toBe('evt_1');
    expect(verify(headers)).toEqual({ ok: true });
  });

  it.each([0, -1, Number.POSITIVE_INFINITY, Number.NaN])('refuses a tolerance of %s seconds', (toleranceSeconds) => {
    let caught: unknown;
    try {
      stripeScheme({ toleranceSeconds });
    } catch (err) {
      caught = err;
    }
    expect(isHubError(caught) && caught.code).toBe('HUB_WEBHOOK_TOLERANCE_INVALID');
  });

  it('names stripe-signature as the header to strip before storing', () => {
    expect(scheme.signatureHeaders).toContain('stripe-signature');
    expect(scheme.toleranceSeconds).toBe(300);
  });
});
