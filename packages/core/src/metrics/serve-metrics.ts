import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HubMetrics } from './hub-metrics.js';

/** A bare /metrics endpoint for processes without an HTTP app of their own (workers). */
export async function serveMetrics(metrics: HubMetrics, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    metrics.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://${host}:${bound}/metrics`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
