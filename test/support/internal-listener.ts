import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InternalListener {
  port: number;
  /** TCP connections accepted so far: a refused call must add none. */
  connections: number;
  requests: string[];
  close(): Promise<void>;
}

/**
 * An HTTP server on every local address of one port ([::] with IPv4 mapped: 127.0.0.0/8, ::1,
 * 0.0.0.0, this machine's own addresses), standing in for an internal service an SSRF would reach.
 */
export async function startInternalListener(): Promise<InternalListener> {
  const state = { connections: 0, requests: [] as string[] };
  const server = http.createServer((req, res) => {
    state.requests.push(`${req.method} ${req.url}`);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"internal":"secret"}');
  });
  server.on('connection', () => (state.connections += 1));
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '::', ipv6Only: false }, resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get connections() {
      return state.connections;
    },
    requests: state.requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
