import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isHubError } from '../errors/index.js';
import type { HttpRequest } from '@hub/connector-sdk';
import { classifyStatus, createOutboundHttp, parseRetryAfter } from './outbound-http.js';

// The test server listens on loopback, which the SSRF guard refuses unless allowed.
const sendHttp = (req: HttpRequest, timeoutMs: number) => createOutboundHttp({ timeoutMs, allowedHosts: new Set(['127.0.0.1']) })(req);

describe('classifyStatus', () => {
  it.each([200, 204])('%i is ok', (status) => expect(classifyStatus(status)).toBe('ok'));
  it.each([408, 409, 425, 429, 500, 502, 503])('%i is transient', (status) => expect(classifyStatus(status)).toBe('transient'));
  it.each([301, 400, 401, 403, 404, 422])('%i is permanent', (status) => expect(classifyStatus(status)).toBe('permanent'));
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2025-01-01T00:00:00Z');

  it('reads delta-seconds as milliseconds', () => {
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });

  it('reads an HTTP date relative to the now it is given', () => {
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 01 Jan 2025 00:00:30 GMT', now + 10_000)).toBe(20_000);
  });

  it('never returns a negative delay for a date in the past', () => {
    expect(parseRetryAfter('Tue, 31 Dec 2024 23:59:00 GMT', now)).toBe(0);
  });

  it('returns undefined for an absent header or garbage', () => {
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('later 5', now)).toBeUndefined();
    expect(parseRetryAfter('Retry 2099', now)).toBeUndefined();
  });

  it('caps a far Retry-After at 12 h, the longest SQS can hide a message', () => {
    expect(parseRetryAfter(String(30 * 24 * 3600), now)).toBe(12 * 3600 * 1000);
  });
});

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

describe('sendHttp', () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, Handler>();
  const hits: string[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      hits.push(req.url ?? '');
      const handler = routes.get(req.url ?? '');
      if (handler) handler(req, res);
      else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  async function readBody(req: IncomingMessage): Promise<string> {
    let text = '';
    for await (const chunk of req) text += String(chunk);
    return text;
  }

  it('returns the status, lower-cased headers and the parsed JSON body', async () => {
    let received: { method?: string; header?: string; body?: string } = {};
    routes.set('/json', (req, res) => {
      void readBody(req).then((body) => {
        received = { method: req.method, header: req.headers['x-test'] as string, body };
        res.writeHead(201, { 'Content-Type': 'application/json; charset=utf-8', 'X-Answer': '42' }).end(JSON.stringify({ id: 'cus_1', n: 2 }));
      });
    });
    const res = await sendHttp({ method: 'POST', url: `${base}/json`, headers: { 'x-test': 'yes', 'content-type': 'application/json' }, body: { a: 1 } }, 5_000);
    expect(res.status).toBe(201);
    expect(res.headers['x-answer']).toBe('42');
    expect(res.body).toEqual({ id: 'cus_1', n: 2 });
    expect(received).toEqual({ method: 'POST', header: 'yes', body: '{"a":1}' });
  });

  it('sends a string body as is and keeps a non-JSON answer as text', async () => {
    routes.set('/text', (req, res) => void readBody(req).then((body) => res.writeHead(200, { 'content-type': 'text/plain' }).end(`echo:${body}`)));
    const res = await sendHttp({ method: 'PUT', url: `${base}/text`, body: 'raw=1' }, 5_000);
    expect(res.body).toBe('echo:raw=1');
  });

  it('keeps a body that claims JSON but is not as text', async () => {
    routes.set('/bad-json', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('<html>oops</html>'));
    const res = await sendHttp({ method: 'GET', url: `${base}/bad-json` }, 5_000);
    expect(res.body).toBe('<html>oops</html>');
  });

  it('returns a non-2xx answer instead of throwing', async () => {
    routes.set('/limited', (_req, res) => res.writeHead(429, { 'retry-after': '7', 'content-type': 'application/json' }).end('{"error":"slow down"}'));
    const res = await sendHttp({ method: 'GET', url: `${base}/limited` }, 5_000);
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.body).toEqual({ error: 'slow down' });
  });

  it('does not follow redirects', async () => {
    routes.set('/moved', (_req, res) => res.writeHead(302, { location: `${base}/target` }).end());
    routes.set('/target', (_req, res) => res.writeHead(200).end('followed'));
    const res = await sendHttp({ method: 'GET', url: `${base}/moved` }, 5_000);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${base}/target`);
    expect(hits).not.toContain('/target');
  });

  it('truncates a body over 8 KiB (and does not parse it)', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(20_000) });
    routes.set('/big', (_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(big));
    const res = await sendHttp({ method: 'GET', url: `${base}/big` }, 5_000);
    expect(typeof res.body).toBe('string');
    expect(res.body).toBe(`${big.slice(0, 8 * 1024)}…`);
  });

  it('throws HUB_ACTION_OUTCOME_UNKNOWN (timeout, sent) when the server took the request and does not answer in time', async () => {
    routes.set('/hang', () => undefined);
    const err: unknown = await sendHttp({ method: 'GET', url: `${base}/hang` }, 300).catch((e: unknown) => e);
    expect(isHubError(err)).toBe(true);
    expect(err).toMatchObject({ code: 'HUB_ACTION_OUTCOME_UNKNOWN', retryable: true, details: { kind: 'timeout', sent: true } });
  });

  it('treats the timeout as a total deadline: a body trickling one byte at a time times out, outcome unknown', async () => {
    routes.set('/drip', (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      const timer = setInterval(() => res.write('x'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const err: unknown = await sendHttp({ method: 'GET', url: `${base}/drip` }, 600).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HUB_ACTION_OUTCOME_UNKNOWN', details: { kind: 'timeout', sent: true } });
  });

  it('throws HUB_ACTION_OUTCOME_UNKNOWN (connection, sent) when the server resets the connection after reading the request', async () => {
    let arrived = 0;
    routes.set('/reset', (req) => void readBody(req).then(() => (arrived += 1, req.socket.resetAndDestroy())));
    const err: unknown = await sendHttp({ method: 'POST', url: `${base}/reset`, body: { pay: 1 } }, 5_000).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HUB_ACTION_OUTCOME_UNKNOWN', details: { kind: 'connection', sent: true } });
    expect(arrived).toBe(1);
  });

  it('throws HUB_ACTION_TRANSIENT (timeout, never sent) when the connection is not established in time', async () => {
    // A TCP server that never answers the TLS handshake: the socket never becomes usable, nothing is written.
    const sockets: Socket[] = [];
    const silent = createNetServer((socket) => void sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const err: unknown = await sendHttp({ method: 'POST', url: `https://127.0.0.1:${port}/pay`, body: { pay: 1 } }, 300).catch((e: unknown) => e);
      expect(err).toMatchObject({ code: 'HUB_ACTION_TRANSIENT', details: { kind: 'timeout', sent: false } });
    } finally {
      sockets.forEach((socket) => socket.destroy());
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('throws HUB_ACTION_TRANSIENT (connection) when the connection is refused', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise((resolve) => closed.close(resolve));
    const err: unknown = await sendHttp({ method: 'GET', url: `http://127.0.0.1:${port}/` }, 5_000).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HUB_ACTION_TRANSIENT', retryable: true, details: { kind: 'connection', sent: false } });
  });
});
