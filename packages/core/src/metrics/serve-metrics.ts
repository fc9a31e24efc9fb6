import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { portInUse } from '../errors/index.js';

/** Anything that renders the Prometheus text format: a process's HubMetrics, or a cluster's sum (cluster-metrics). */
export interface MetricsSource {
  render(): Promise<{ contentType: string; body: string }>;
}

/** A bare /metrics endpoint for processes without an HTTP app of their own (workers). */
export async function serveMetrics(metrics: MetricsSource, port: number, host: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') return void res.writeHead(404).end();
    metrics.render().then(
      ({ contentType, body }) => res.writeHead(200, { 'content-type': contentType }).end(body),
      () => res.writeHead(500).end(),
    );
  });
  // events.once rejects on 'error' and drops its listeners once 'listening' fired.
  await once(server.listen(port, host), 'listening').catch(portInUse('HUB_METRICS_PORT', { zero: 'off' }));
  const { port: bound } = server.address() as AddressInfo;
  return { url: `http://${host}:${bound}/metrics`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
