import { sign as octokitSign, verify as octokitVerify } from '@octokit/webhooks-methods';
import { describe, expect, it } from 'vitest';
import type { IncomingHeaders } from '../verify/types.js';
import { githubScheme } from './github-scheme.js';

const SECRET = 'It’s a Secret to Everybody';
const NOW_MS = 1_700_000_000_000;
const payload = JSON.stringify({ action: 'opened', issue: { number: 1 }, repository: { full_name: 'octo/hello' } }, null, 2);
const body = Buffer.from(payload);

const scheme = githubScheme();
const verify = (headers: IncomingHeaders, over: { rawBody?: Buffer; secrets?: string[] } = {}) =>
  scheme.verify({ rawBody: over.rawBody ?? body, headers, secrets: over.secrets ?? [SECRET], nowMs: NOW_MS });

describe('githubScheme', () => {
  it("accepts a signature made by Octokit's sign", async () => {
    expect(verify({ 'x-hub-signature-256': await octokitSign(SECRET, payload) })).toEqual({ ok: true });
  });

  it('rejects a tampered body', async () => {
    const signature = await octokitSign(SECRET, payload);
    expect(verify({ 'x-hub-signature-256': signature }, { rawBody: Buffer.from(payload.replace('opened', 'closed')) })).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
  });

  it('rejects a signature made with another secret', async () => {
    expect(verify({ 'x-hub-signature-256': await octokitSign('another secret', payload) })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it('reports a missing x-hub-signature-256 header, even when the legacy sha1 header is present', () => {
    expect(verify({})).toEqual({ ok: false, reason: 'missing_signature' });
    expect(verify({ 'x-hub-signature': 'sha1=0000000000000000000000000000000000000000' })).toEqual({ ok: false, reason: 'missing_signature' });
  });

  it('accepts a delivery signed with the second of two accepted secrets (rotation)', async () => {
    expect(verify({ 'x-hub-signature-256': await octokitSign(SECRET, payload) }, { secrets: ['retired secret', SECRET] })).toEqual({ ok: true });
  });

  it('rejects when none of the accepted secrets matches', async () => {
    expect(verify({ 'x-hub-signature-256': await octokitSign(SECRET, payload) }, { secrets: ['a', 'b'] })).toEqual({
      ok: false,
      reason: 'invalid_signature',
    });
  });

  it('rejects a body that was parsed and re-serialised with different spacing', async () => {
    const signature = await octokitSign(SECRET, payload);
    const reserialised = Buffer.from(JSON.stringify(JSON.parse(payload)));
    expect(verify({ 'x-hub-signature-256': signature }, { rawBody: reserialised })).toEqual({ ok: false, reason: 'invalid_signature' });
  });

  it.each([
    ['sha256=zz', 'sha256=zz'],
    ['a non-hex signature of the right length', `sha256=${'g'.repeat(64)}`],
    ['a signature of the wrong length', 'sha256=abcd'],
    ['no sha256= prefix', 'a'.repeat(64)],
    ['the sha1 algorithm', `sha1=${'a'.repeat(40)}`],
  ])('returns malformed, not an exception, for %s', (_name, header) => {
    expect(verify({ 'x-hub-signature-256': header })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('rejects a valid signature followed by trailing garbage', async () => {
    expect(verify({ 'x-hub-signature-256': `${await octokitSign(SECRET, payload)}zz` })).toEqual({ ok: false, reason: 'malformed' });
  });

  it("signs deliveries that Octokit's verify accepts", async () => {
    const headers = scheme.sign({ rawBody: body, secret: SECRET, nowMs: NOW_MS });
    expect(await octokitVerify(SECRET, payload, headers['x-hub-signature-256']!)).toBe(true);
    expect(verify(headers)).toEqual({ ok: true });
  });

  it('names both signature headers to strip before storing and has no timestamp window', () => {
    expect(scheme.signatureHeaders).toEqual(expect.arrayContaining(['x-hub-signature-256', 'x-hub-signature']));
    expect(scheme.toleranceSeconds).toBeUndefined();
  });
});
