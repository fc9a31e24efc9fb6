import { describe, expect, it } from 'vitest';
import { redactValue } from './redact-value.js';

const C = 'canary_9a8b7c6d5e4f30211203f4e5d6c7b8a9';

describe('redactValue', () => {
  it('masks secret-named keys at any depth and secrets inside strings', () => {
    const out = redactValue({ request: { url: `https://x.example/in?key=${C}`, headers: { Authorization: `Bearer ${C}`, accept: 'json' } }, list: [{ password: C }], note: `Bearer ${C}` });
    expect(JSON.stringify(out)).not.toContain(C);
    expect(out).toMatchObject({ request: { headers: { Authorization: '[redacted]', accept: 'json' } } });
  });

  it('serialises an Error with its cause chain, its own fields and AggregateError members, all masked', () => {
    const root = Object.assign(new Error(`connect to https://u:${C}@db.internal failed`), { code: 'ECONNREFUSED', config: { headers: { Authorization: `Bearer ${C}` } } });
    const middle = new Error('token refresh failed', { cause: root });
    const aggregate = new AggregateError([middle, new Error(`sk_live_${C.replace(/_/g, '')}`)], 'several attempts failed');
    const out = redactValue({ err: new Error('outer', { cause: aggregate }) }) as { err: Record<string, unknown> };
    const text = JSON.stringify(out);
    expect(text).not.toContain(C);
    expect(text).not.toContain(C.replace(/_/g, ''));
    expect(out.err).toMatchObject({
      type: 'Error',
      message: 'outer',
      cause: { type: 'AggregateError', errors: [{ message: 'token refresh failed', cause: { code: 'ECONNREFUSED', config: { headers: { Authorization: '[redacted]' } } } }, { message: '[redacted]' }] },
    });
    expect(typeof out.err.stack).toBe('string');
  });

  it("reduces an HTTP client's request (the raw head with the Authorization header) to its class name", () => {
    class ClientRequest {
      _header = `POST /api/chat.postMessage HTTP/1.1\r\nAuthorization: Bearer xoxb-${C}\r\n`;
    }
    class AxiosHeaders {
      Authorization = `Bearer xoxb-${C}`;
      toJSON() {
        return { Authorization: this.Authorization, 'Content-Type': 'application/x-www-form-urlencoded' };
      }
    }
    const err = Object.assign(new Error('An HTTP protocol error occurred: statusCode = 500'), { original: Object.assign(new Error('Request failed'), { config: { headers: new AxiosHeaders(), data: `token=xoxb-${C}&channel=C1` }, request: new ClientRequest() }) });
    const out = redactValue(err);
    expect(JSON.stringify(out)).not.toContain(C);
    expect(out).toMatchObject({ original: { request: '[ClientRequest]', config: { headers: { Authorization: '[redacted]', 'Content-Type': 'application/x-www-form-urlencoded' } } } });
  });

  it('cuts cycles and bounds depth', () => {
    const a: Record<string, unknown> = { name: 'a' };
    a.self = a;
    expect(redactValue(a)).toEqual({ name: 'a', self: '[circular]' });
    let deep: Record<string, unknown> = { leaf: true };
    for (let i = 0; i < 20; i += 1) deep = { next: deep };
    expect(JSON.stringify(redactValue(deep))).toContain('[truncated]');
  });

  it('copies an object met twice beside itself, not as a cycle; cuts a cycle through an error', () => {
    // Only the path from the root counts: a request's headers object reused in its response is no cycle.
    const headers = { 'content-type': 'application/json' };
    expect(redactValue({ request: { headers }, response: { headers }, list: [headers, headers] })).toEqual({
      request: { headers },
      response: { headers },
      list: [headers, headers],
    });
    const err = new Error('boom') as Error & { context?: unknown };
    err.context = { err };
    expect(redactValue(err)).toMatchObject({ message: 'boom', context: { err: '[circular]' } });
  });

  it('keeps numbers, booleans, null and dates; drops functions', () => {
    expect(redactValue({ n: 1, b: true, z: null, d: new Date(0), f: () => 1 })).toEqual({ n: 1, b: true, z: null, d: '1970-01-01T00:00:00.000Z', f: undefined });
  });

  it("copies a payload's own `__proto__` key as a key, never as the copy's prototype", () => {
    const payload = JSON.parse('{"__proto__": {"polluted": "yes", "password": "hunter2"}, "id": "evt_1"}') as Record<string, unknown>;
    const copy = redactValue(payload) as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy.polluted).toBeUndefined();
    expect(Object.hasOwn(copy, '__proto__')).toBe(true);
    expect(JSON.stringify(copy)).toBe('{"__proto__":{"polluted":"yes","password":"[redacted]"},"id":"evt_1"}');
  });
});
