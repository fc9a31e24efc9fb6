import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderRequest {
  method: string;
  /** Path and query as received. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface PublicProvider {
  url: string;
  port: number;
  /** `METHOD /path?query` of every request, in order. */
  requests: string[];
  received: ProviderRequest[];
  close(): Promise<void>;
}

/**
 * A provider the hub may call (its host:port is allowed, standing in for a public API), scripted
 * by path: `/redirect…` answers 302 (`/redirect-307…` 307) to `location`; `/status/<code>/…`
 * answers that status; `/hang/…` never answers; anything else 200 `{"ok":true}`.
 */
export async function startPublicProvider(location: string): Promise<PublicProvider> {
  const requests: string[] = [];
  const received: ProviderRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = req.url ?? '/';
      requests.push(`${req.method} ${url}`);
      received.push({ method: req.method ?? '', url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (url.startsWith('/hang')) return;
      if (url.startsWith('/redirect')) return void res.writeHead(url.startsWith('/redirect-307') ? 307 : 302, { location }).end();
      const status = Number(/^\/status\/(\d{3})\b/.exec(url)?.[1] ?? 200);
      res.writeHead(status, { 'content-type': 'application/json' }).end(status < 300 ? '{"ok":true}' : `{"error":"status ${status}"}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
