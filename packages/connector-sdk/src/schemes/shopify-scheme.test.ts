import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { IncomingHeaders } from '../verify/types.js';
import { shopifyScheme } from './shopify-scheme.js';

const SECRET = 'shpss_client_secret';
const NOW_MS = 1_700_000_000_000;
const payload = JSON.stringify({ id: 820982911946154500, email: 'jon@example.com', total_price: '403.00', currency: 'USD' }, null, 2);
const body = Buffer.from(payload);

// No library we have signs Shopify webhooks, so this follows Shopify's documented recipe
// ("Verify a webhook"): base64 of HMAC-SHA256 over the raw body, keyed with the app's client secret.
const shopifyHmac = (secret: string, data: string) => createHmac('sha256', secret).update(data, 'utf8').digest('base64');

const scheme = shopifyScheme();
const verify = (headers: IncomingHeaders, over: { rawBody?: Buffer; secrets?: string[] } = {}) =>
  scheme.verify({ rawBody: over.rawBody ?? body, headers, secrets: over.secrets ?? [SECRET], nowMs: NOW_MS });

describe('shopifyScheme', () => {
  it("accepts a signature computed as Shopify's documentation describes", () => {
    expect(verify({ 'x-shopify-hmac-sha256': shopifyHmac(SECRET, payload) })).toEqual({ ok: true });
  });

  it('rejects a tampered body', () => {
    const tampered = Buffer.from(payload.replace('403.00', '0.01'));
    expect(verify({ 'x-shopify-hmac-sha256': shopifyHmac(SECRET, payload) }, { rawBody: tampered })).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
  });

  it('rejects a signature made with another secret', () => {
    expect(verify({ 'x-shopify-hmac-sha256': shopifyHmac('shpss_other', payload) })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('reports a missing x-shopify-hmac-sha256 header', () => {
    expect(verify({})).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('accepts a delivery signed with the second of two accepted secrets (rotation)', () => {
    expect(verify({ 'x-shopify-hmac-sha256': shopifyHmac(SECRET, payload) }, { secrets: ['shpss_old', SECRET] })).toEqual({ ok: true });
  });

  it('rejects a body that was parsed and re-serialised with different spacing', () => {
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(payload)));
    expect(verify({ 'x-shopify-hmac-sha256': shopifyHmac(SECRET, payload) }, { rawBody: reserialised })).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
  });

  it.each([
    ['a short value', 'zz'],
    ['hex instead of base64', 'a'.repeat(64)],
    ['characters outside base64', `${'*'.repeat(43)}=`],
  ])('returns malformed, not an exception, for %s', (_name, header) => {
    expect(verify({ 'x-shopify-hmac-sha256': header })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects a valid signature followed by trailing garbage', () => {
    expect(verify({ 'x-shopify-hmac-sha256': `${shopifyHmac(SECRET, payload)}AA` })).toEqual({ ok: false, reason: 'malformed' });
  });

  it("signs deliveries exactly as Shopify's recipe does", () => {
    const headers = scheme.sign({ rawBody: body, secret: SECRET, nowMs: NOW_MS });
    expect(headers['x-shopify-hmac-sha256']).toBe(shopifyHmac(SECRET, payload));
    expect(verify(headers)).toEqual({ ok: true });
  });

  it('names x-shopify-hmac-sha256 as the header to strip before storing', () => {
    expect(scheme.signatureHeaders).toEqual(['x-shopify-hmac-sha256']);
  });
});
