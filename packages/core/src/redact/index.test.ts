import { describe, expect, it } from 'vitest';
import { createLogger } from '../logger/index.js';
import { REDACTED, isSecretName, redactHeaders } from './index.js';

describe('redactHeaders', () => {
  it('replaces the values of secret headers', () => {
    const out = redactHeaders({
      authorization: 'Bearer abc',
      cookie: 'session=1',
      'set-cookie': 'session=2',
      'x-api-key': 'k1',
      'api_key': 'k2',
      'stripe-signature': 't=1,v1=ff',
      'x-hub-signature-256': 'sha256=ff',
      'x-shopify-hmac-sha256': 'ZmY=',
      'x-auth-token': 't',
      'x-webhook-secret': 's',
      'proxy-authorization': 'Basic eA==',
      // HMAC request signing (Coinbase, Exchange-style APIs): the signature, the key id, the passphrase.
      'cb-access-sign': 'ab12',
      'cb-access-key': 'key-id',
      'x-cb-access-passphrase': 'p',
    });
    expect(Object.values(out).every((v) => v === REDACTED)).toBe(true);
    expect(Object.keys(out)).toHaveLength(14);
  });

  it('keeps headers that are not secrets as they are', () => {
    const headers = { 'content-type': 'application/json', 'user-agent': 'Stripe/1.0', 'x-github-event': 'push', 'x-request-id': 'r1', 'x-design': 'd', 'cb-version': '2024-01-01' };
    expect(redactHeaders(headers)).toEqual(headers);
  });

  it('lower-cases header names', () => {
    expect(redactHeaders({ 'Content-Type': 'text/plain', Authorization: 'Bearer x' })).toEqual({ 'content-type': 'text/plain', authorization: REDACTED });
  });

  it('joins multi-value headers with a comma and a space', () => {
    expect(redactHeaders({ 'x-forwarded-for': ['10.0.0.1', '10.0.0.2'] })).toEqual({ 'x-forwarded-for': '10.0.0.1, 10.0.0.2' });
  });

  it('redacts a multi-value secret header as a whole', () => {
    expect(redactHeaders({ cookie: ['a=1', 'b=2'] })).toEqual({ cookie: REDACTED });
  });

  it('leaves out undefined values', () => {
    expect(redactHeaders({ accept: undefined, host: 'h' })).toEqual({ host: 'h' });
  });

  it('drops the names in alsoDrop whatever their case', () => {
    const out = redactHeaders({ Host: 'h', 'X-Forwarded-For': '1.2.3.4', accept: '*/*' }, ['host', 'x-FORWARDED-for']);
    expect(out).toEqual({ accept: '*/*' });
  });

  it('does not modify the headers it is given', () => {
    const headers = { Authorization: 'Bearer x' };
    redactHeaders(headers);
    expect(headers).toEqual({ Authorization: 'Bearer x' });
  });

  it('never lets a planted canary secret through', () => {
    const canary = `canary-${Math.random().toString(36).slice(2)}`;
    const out = redactHeaders({
      Authorization: `Bearer ${canary}`,
      'X-Api-Key': canary,
      'Stripe-Signature': `t=1,v1=${canary}`,
      'x-token': [canary, canary],
      accept: 'application/json',
    });
    expect(JSON.stringify(out)).not.toContain(canary);
    expect(out.accept).toBe('application/json');
  });
});

describe('isSecretName', () => {
  it.each(['authorization', 'Authorization', 'cookie', 'x-api-key', 'apiKey', 'api_key', 'accessToken', 'client_secret', 'password', 'stripe-signature', 'x-shopify-hmac-sha256'])(
    'treats %s as a secret',
    (name) => expect(isSecretName(name)).toBe(true),
  );

  it.each(['content-type', 'user-agent', 'x-github-event', 'host', 'x-request-id', 'accept'])('does not treat %s as a secret', (name) => expect(isSecretName(name)).toBe(false));
});

describe('createLogger redaction', () => {
  function capture(): { lines: string[]; stream: { write(line: string): void } } {
    const lines: string[] = [];
    return { lines, stream: { write: (line: string) => void lines.push(line) } };
  }

  it('keeps planted canaries out of log lines', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 'redact-test', level: 'info', destination: stream });
    log.info(
      {
        req: { headers: { authorization: 'Bearer CANARY_AUTH', cookie: 'sid=CANARY_COOKIE', 'stripe-signature': 'v1=CANARY_SIG', 'user-agent': 'ua' } },
        headers: { authorization: 'CANARY_TOP_AUTH' },
        token: 'CANARY_TOKEN',
        secret: 'CANARY_SECRET',
        password: 'CANARY_PASSWORD',
        connection: { apiKey: 'CANARY_APIKEY', password: 'CANARY_NESTED_PASSWORD' },
      },
      'incoming',
    );
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line).not.toMatch(/CANARY/);
    const parsed = JSON.parse(line) as { service: string; msg: string; req: { headers: Record<string, string> } };
    expect(parsed.service).toBe('redact-test');
    expect(parsed.msg).toBe('incoming');
    expect(parsed.req.headers.authorization).toBe('[redacted]');
    expect(parsed.req.headers['user-agent']).toBe('ua');
  });

  it('redacts secret names the logger was never told about, at any depth', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 'redact-test', destination: stream });
    log.info(
      {
        req: { headers: { 'x-api-key': 'CANARY_XKEY', 'x-shopify-access-token': 'CANARY_SHOPIFY' } },
        headers: { 'stripe-signature': 'CANARY_TOP_SIG' },
        config: { webhook: { secret: 'CANARY_DEEP' } },
        apiToken: 'CANARY_APITOKEN',
        accessToken: 'CANARY_ACCESS',
        request: { headers: { authorization: 'CANARY_REQUEST_AUTH' } },
      },
      'deep',
    );
    expect(lines.join('')).not.toMatch(/CANARY/);
  });

  it('redacts secrets in child bindings', () => {
    const { lines, stream } = capture();
    createLogger({ service: 'redact-test', destination: stream }).child({ apiKey: 'CANARY_BINDING' }).info('hello');
    expect(lines.join('')).not.toContain('CANARY_BINDING');
  });

  it('redacts in child loggers too', () => {
    const { lines, stream } = capture();
    const log = createLogger({ service: 'redact-test', destination: stream }).child({ connector: 'stripe' });
    log.warn({ token: 'CANARY_CHILD', attempt: 2 }, 'retrying');
    expect(lines.join('')).not.toContain('CANARY_CHILD');
    expect(JSON.parse(lines[0] as string)).toMatchObject({ connector: 'stripe', attempt: 2 });
  });

  it('keeps the bindings of grandchildren and redacts each level', () => {
    const { lines, stream } = capture();
    createLogger({ service: 'redact-test', destination: stream }).child({ part: 'worker', token: 'CANARY_1' }).child({ connector: 'stripe', url: 'https://u:CANARY_2@x.example/' }).info('hi');
    const line = JSON.parse(lines[0] as string) as Record<string, unknown>;
    expect(line).toMatchObject({ part: 'worker', connector: 'stripe', token: '[redacted]' });
    expect(lines.join('')).not.toContain('CANARY');
  });

  it('masks an error logged on its own, its message used as the line message', () => {
    const { lines, stream } = capture();
    createLogger({ service: 'redact-test', destination: stream }).error(new Error('GET https://api.example/v1?api_token=CANARY_Q failed'));
    const line = JSON.parse(lines[0] as string) as { msg: string; err: { type: string; message: string; stack: string } };
    expect(line.err.type).toBe('Error');
    expect(line.msg).toContain('api_token=');
    expect(lines.join('')).not.toContain('CANARY');
  });

  it('masks secrets in the message and its interpolated values', () => {
    const { lines, stream } = capture();
    createLogger({ service: 'redact-test', destination: stream }).warn('calling %s with %s', 'https://hooks.example/x?sig=CANARY_SIG', 'Bearer CANARY_BEARER_123');
    expect(lines.join('')).not.toContain('CANARY');
    expect(JSON.parse(lines[0] as string).msg).toContain('calling https://hooks.example/x?sig=');
  });
});
