import { describe, expect, it } from 'vitest';
import { redactText } from './redact-text.js';

const C = 'canary_0f1e2d3c4b5a69788796a5b4c3d2e1f0';

describe('redactText', () => {
  it.each([
    ['a URL in a message', `POST https://u:${C}@hooks.example.com/in?token=${C} answered 500`],
    ['a URL ending a sentence', `could not reach https://hooks.example.com/in?sig=${C}.`],
    ['a bearer credential written out', `Authorization: Bearer ${C}`],
    ['a basic credential written out', `authorization: Basic ${Buffer.from(`user:${C}`).toString('base64')}`],
    ['a raw request head', `POST /api/chat.postMessage HTTP/1.1\r\nAuthorization: Bearer xoxb-1234-5678-${C}\r\nHost: slack.com\r\n`],
    ['a Slack bot token', `token xoxb-1234-5678-${C} is invalid`],
    ['a Stripe key', `Invalid API Key provided: sk_test_${C.replace(/_/g, '')}`],
    ['a webhook secret', `secret whsec_${C.replace(/_/g, '')} rejected`],
    ['a form body', `grant_type=refresh_token&refresh_token=${C}&client_secret=${C}`],
    ['JSON text', `{"access_token":"${C}","token_type":"bearer","refresh_token": "${C}"}`],
    ['a log-style pair', `apiKey=${C} tried`],
    ['a console API token', `tried hubtok_${C.replace(/_/g, '').slice(0, 36)}AbCdEf- from the shell`],
  ])('masks %s', (_what, text) => {
    const out = redactText(text);
    expect(out).not.toContain(C);
    expect(out).not.toContain(C.replace(/_/g, ''));
    expect(out).toMatch(/\[redacted\]|%5Bredacted%5D/);
  });

  it('keeps what carries no secret', () => {
    for (const text of [
      'HUB_OAUTH_TOKEN_UNAVAILABLE: the token endpoint answered 503',
      'the token endpoint answered 200 without a bearer access_token',
      'Basic authentication failed',
      'GET https://api.example.com/v1/items?page=2 answered 404',
      'evt_123 dead-lettered after 5 attempts',
    ]) {
      expect(redactText(text)).toBe(text);
    }
  });
});
