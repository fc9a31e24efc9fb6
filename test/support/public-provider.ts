import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PublicProvider {
  url: string;
  port: number;
  requests: string[];
  close(): Promise<void>;
}

/**
 * A provider the hub may call (its host:port is allowed, standing in for a public API): `/redirect…`
 * answers 302 (and 307 for `/redirect-307…`) to `location`, an internal address; anything else 200.
 */
export async function startPublicProvider(location: string): Promise<PublicProvider> {
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    req.resume();
    if (req.url?.startsWith('/redirect')) res.writeHead(req.url.startsWith('/redirect-307') ? 307 : 302, { location }).end();
    else res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
