import http from 'node:http';
import net from 'node:net';

export interface RawAnswer {
  /** Everything the server wrote before closing (or before `giveUpMs`). */
  text: string;
  /** The status line's code, or undefined when the server wrote nothing. */
  status: number | undefined;
  /** Milliseconds from connecting until the server closed the socket; undefined if it never did. */
  closedAfterMs: number | undefined;
  /** Bytes of `send` written before the server closed the socket. */
  bytesWritten: number;
}

/**
 * Speaks HTTP/1.1 by hand over a socket, slowly if asked: each step is bytes to write and a pause
 * before the next. Stops writing once the server closes the connection. For slow-client attacks
 * that fetch cannot express (headers trickled in, a body that never completes).
 */
export function rawExchange(
  target: { port: number; host?: string; localAddress?: string },
  steps: { write: string | Buffer; pauseMs?: number }[],
  giveUpMs = 15_000,
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = net.connect({ port: target.port, host: target.host ?? '127.0.0.1', ...(target.localAddress ? { localAddress: target.localAddress } : {}) });
    let text = '';
    let closedAfterMs: number | undefined;
    let bytesWritten = 0;
    const finish = () => {
      clearTimeout(timer);
      const status = /^HTTP\/1\.1 (\d{3})/.exec(text)?.[1];
      resolve({ text, status: status ? Number(status) : undefined, closedAfterMs, bytesWritten });
    };
    const timer = setTimeout(() => {
      socket.destroy();
      finish();
    }, giveUpMs);
    socket.on('data', (chunk) => (text += chunk.toString()));
    socket.on('close', () => {
      closedAfterMs = Date.now() - started;
      finish();
    });
    // A reset after the server gave up is part of the outcome, not a failure of the test.
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? undefined : reject(err)));
    socket.once('connect', async () => {
      for (const step of steps) {
        if (socket.destroyed || socket.writableEnded || closedAfterMs !== undefined) return;
        socket.write(step.write);
        bytesWritten += Buffer.byteLength(step.write);
        if (step.pauseMs) await new Promise((r) => setTimeout(r, step.pauseMs));
      }
    });
  });
}

export interface RawResponse {
  status: number;
  /** Lower-cased names. */
  headers: Record<string, string>;
  body: string;
}

/**
 * One HTTP/1.1 request exactly as written: fetch and undici normalise request targets (dot
 * segments, percent-encoding, absolute form), which is what an attacker does not do.
 */
export async function rawRequest(origin: string, { method, target, headers = {}, body }: { method: string; target: string; headers?: Record<string, string>; body?: string }): Promise<RawResponse> {
  const { hostname, port } = new URL(origin);
  const ownHost = Object.keys(headers).some((name) => name.toLowerCase() === 'host');
  const head = [`${method} ${target} HTTP/1.1`, ...(ownHost ? [] : [`Host: ${hostname}:${port}`]), 'Connection: close'];
  for (const [name, value] of Object.entries(headers)) head.push(`${name}: ${value}`);
  if (body !== undefined) head.push(`Content-Length: ${Buffer.byteLength(body)}`);
  const { text, status } = await rawExchange({ port: Number(port), host: hostname }, [{ write: `${head.join('\r\n')}\r\n\r\n${body ?? ''}` }]);
  const split = text.indexOf('\r\n\r\n');
  const parsed: Record<string, string> = {};
  for (const line of text.slice(0, split < 0 ? text.length : split).split('\r\n').slice(1)) {
    const colon = line.indexOf(':');
    if (colon > 0) parsed[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: status ?? 0, headers: parsed, body: split < 0 ? '' : text.slice(split + 4) };
}

export interface PostAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown> | undefined;
}

/** POST from a chosen local address (127.0.0.2, 127.0.0.3, … are loopback too): one client per "source IP". */
export function postFrom(localAddress: string, url: string, headers: Record<string, string>, body: string | Buffer): Promise<PostAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, localAddress, agent: false }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk.toString()));
      res.on('end', () => {
        let json: Record<string, unknown> | undefined;
        try {
          json = JSON.parse(text) as Record<string, unknown>;
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text, json });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}
