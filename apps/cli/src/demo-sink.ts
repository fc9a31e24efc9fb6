import { once } from 'node:events';
import http from 'node:http';
import { portInUse } from '@hub/core/errors';

/**
 * Development only: a loopback endpoint standing in for "your system", so the route in the
 * shipped hub.config.yaml has somewhere to deliver. It answers 200 and prints what it got.
 */
export async function startDemoSink(port: number, print: (line: string) => void): Promise<{ url: string; stop(): Promise<void> }> {
  const server = http.createServer((req, res) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= 64 * 1024) chunks.push(c);
    });
    req.on('end', () => {
      print(`demo sink <- ${req.method} ${req.url} idempotency-key=${String(req.headers['idempotency-key'] ?? '-')} ${Buffer.concat(chunks).toString('utf8').slice(0, 300)}`);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await once(server.listen(port, '127.0.0.1'), 'listening').catch(portInUse('HUB_DEMO_SINK_PORT', { zero: 'off' }));
  const { port: bound } = server.address() as import('node:net').AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
