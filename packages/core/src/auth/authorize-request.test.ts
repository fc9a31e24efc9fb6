import { createHmac, timingSafeEqual } from 'node:crypto';
import { AuthDeclaration, type HttpRequest } from '@hub/connector-sdk';
import { describe, expect, it } from 'vitest';
import { authorizeRequest } from './authorize-request.js';
import { redactAuthorized } from './redact-authorized.js';

const NOW = Date.UTC(2025, 0, 2, 3, 4, 5);
const post: HttpRequest = { method: 'POST', url: 'https://api.example.com/v1/tickets?async=false', headers: { 'content-type': 'application/json' }, body: { subject: 'Printer on fire' } };
const decl = (input: unknown) => AuthDeclaration.parse(input);

/**
 * What a provider does on its side (e.g. a Zendesk-style "{timestamp}{body}" or a
 * Coinbase-style "{timestamp}{method}{path}{body}" check): rebuild the content from the
 * request it received, recompute, compare in constant time, and refuse stale timestamps.
 */
function providerVerifies(req: { method: string; path: string; headers: Record<string, string>; rawBody: string }, secret: string, nowMs: number): boolean {
  const timestamp = req.headers['x-timestamp'] ?? '';
  if (Math.abs(nowMs / 1000 - Number(timestamp)) > 300) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${req.method}.${req.path}.${req.rawBody}`).digest('base64');
  const got = (req.headers['x-signature'] ?? '').replace(/^v1=/, '');
  return got.length === expected.length && timingSafeEqual(Buffer.from(got), Buffer.from(expected));
}

describe('authorizeRequest', () => {
  it('puts an API key in the declared header with its prefix, replacing any other spelling of that header', () => {
    const out = authorizeRequest(decl({ type: 'apiKey', in: 'header', name: 'Authorization', prefix: 'Token ' }), { apiKey: 'k_123' }, { ...post, headers: { authorization: 'old' } }, NOW);
    expect(out.headers).toEqual({ Authorization: 'Token k_123' });
    expect(post.headers).toEqual({ 'content-type': 'application/json' }); // the original is not changed
  });

  it('puts an API key in the query string, URL-encoded, keeping the other parameters', () => {
    const out = authorizeRequest(decl({ type: 'apiKey', in: 'query', name: 'key' }), { apiKey: 'a b&c' }, post, NOW);
    const url = new URL(out.url);
    expect(url.searchParams.get('key')).toBe('a b&c');
    expect(url.searchParams.get('async')).toBe('false');
  });

  it('sends a bearer token and RFC 7617 basic credentials', () => {
    expect(authorizeRequest(decl({ type: 'bearer' }), { token: 't_1' }, post, NOW).headers?.authorization).toBe('Bearer t_1');
    const basic = authorizeRequest(decl({ type: 'basic' }), { username: 'agent@example.com/token', password: 'pässword:1' }, post, NOW).headers?.authorization ?? '';
    expect(Buffer.from(basic.replace('Basic ', ''), 'base64').toString('utf8')).toBe('agent@example.com/token:pässword:1');
  });

  it('signs method, path with query, body and the injected clock so the provider verifies it', () => {
    const declaration = decl({ type: 'hmac', header: 'X-Signature', encoding: 'base64', prefix: 'v1=', timestampHeader: 'X-Timestamp', keyIdHeader: 'X-Key-Id' });
    const out = authorizeRequest(declaration, { secret: 's3cret', keyId: 'key_7' }, post, NOW);
    const headers = Object.fromEntries(Object.entries(out.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
    expect(headers['x-timestamp']).toBe(String(NOW / 1000));
    expect(headers['x-key-id']).toBe('key_7');
    const received = { method: out.method, path: '/v1/tickets?async=false', headers, rawBody: String(out.body) };
    expect(providerVerifies(received, 's3cret', NOW + 10_000)).toBe(true);
    // The test can fail: another secret, a changed body, or a replay ten minutes later are refused.
    expect(providerVerifies(received, 'other', NOW)).toBe(false);
    expect(providerVerifies({ ...received, rawBody: received.rawBody.replace('fire', 'ice') }, 's3cret', NOW)).toBe(false);
    expect(providerVerifies(received, 's3cret', NOW + 600_000)).toBe(false);
  });

  it('signs the exact bytes it sends: the body is frozen to the string that was signed', () => {
    const out = authorizeRequest(decl({ type: 'hmac', header: 'X-Sig', signedContent: '{body}' }), { secret: 'k' }, post, NOW);
    expect(out.body).toBe(JSON.stringify(post.body));
    expect(out.headers?.['X-Sig']).toBe(createHmac('sha256', 'k').update(JSON.stringify(post.body)).digest('hex'));
  });

  it('does not substitute placeholders that appear inside the body', () => {
    const out = authorizeRequest(decl({ type: 'hmac', header: 'X-Sig', signedContent: '{timestamp}:{body}' }), { secret: 'k' }, { ...post, body: '{timestamp}' }, NOW);
    expect(out.headers?.['X-Sig']).toBe(createHmac('sha256', 'k').update(`${NOW / 1000}:{timestamp}`).digest('hex'));
  });

  it('refuses with HUB_CREDENTIALS_MISSING when a field the method needs is not stored', () => {
    expect(() => authorizeRequest(decl({ type: 'basic' }), { username: 'u' }, post, NOW)).toThrow(expect.objectContaining({ code: 'HUB_CREDENTIALS_MISSING', retryable: false }));
  });
});

describe('redactAuthorized', () => {
  it('records every header and query parameter the authorizer added as [redacted], whatever its name', () => {
    const withHeader = authorizeRequest(decl({ type: 'apiKey', in: 'header', name: 'X-Auth' }), { apiKey: 'CANARY-1' }, post, NOW);
    const withQuery = authorizeRequest(decl({ type: 'apiKey', in: 'query', name: 'k' }), { apiKey: 'CANARY-2' }, post, NOW);
    const recorded = JSON.stringify([redactAuthorized(post, withHeader), redactAuthorized(post, withQuery)]);
    expect(recorded).not.toContain('CANARY');
    expect(redactAuthorized(post, withHeader).headers).toMatchObject({ 'X-Auth': '[redacted]', 'content-type': 'application/json' });
    // `async` is no name known to be harmless: its value is masked too (redactUrl's allow-list).
    expect(Object.fromEntries(new URL(redactAuthorized(post, withQuery).url).searchParams)).toEqual({ async: '[redacted]', k: '[redacted]' });
  });
});
