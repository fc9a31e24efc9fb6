import http from 'node:http';

/** The system the sample route delivers to; records arrival time minus the webhook's sentAt. */
export async function startLatencySink(port) {
  const latencies = [];
  let first = 0;
  let last = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        latencies.push(now - Number(body.sentAt));
      } catch {
        latencies.push(Number.NaN);
      }
      first ||= now;
      last = now;
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stats() {
      const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
      return { delivered: latencies.length, p50: at(0.5), p99: at(0.99), max: sorted.at(-1), spanMs: last - first };
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
