import http from 'node:http';

/**
 * The system the sample route delivers to. Records arrival time minus the webhook's sentAt, and
 * counts a payment id it has already seen as a duplicate (a redelivery), apart from the
 * delivered ones. `reset(prefix)` starts a new run's figures, counting only payment ids that
 * start with `prefix` (signed-webhooks' startTag); other arrivals (late ones of an earlier run or
 * warm-up) count as strays. Seen ids are kept across runs: a late redelivery is still a duplicate.
 */
export async function startLatencySink(port) {
  const seen = new Map(); // payment id -> the hub event id that delivered it first
  let latencies = [];
  let duplicates = 0;
  let sameEvent = 0;
  let strays = 0;
  let prefix = '';
  let duplicateSample;
  let first = 0;
  let last = 0;
  let bySecond = new Map(); // whole second since the epoch -> distinct arrivals in it
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const now = Date.now();
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        body = {};
      }
      if (body.payment !== undefined && seen.has(body.payment)) {
        duplicates += 1;
        if (seen.get(body.payment) === body.event) sameEvent += 1;
        duplicateSample ??= body.payment;
      } else if (typeof body.payment === 'string' && !body.payment.startsWith(prefix)) {
        seen.set(body.payment, body.event);
        strays += 1;
      } else {
        if (body.payment !== undefined) seen.set(body.payment, body.event);
        latencies.push(now - Number(body.sentAt));
        first ||= now;
        last = now;
        const second = Math.floor(now / 1000);
        bySecond.set(second, (bySecond.get(second) ?? 0) + 1);
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    /** delivered: distinct payments; duplicates: arrivals of a payment already delivered (sameEvent: by the same hub event, i.e. a redelivery). */
    stats() {
      const sorted = latencies.filter(Number.isFinite).sort((a, b) => a - b);
      const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;
      // The rate once running: the median of the whole seconds between the first and the last
      // arrival (the first and last seconds are partial: a process warming up, a tail).
      const firstSecond = Math.floor(first / 1000);
      const lastSecond = Math.floor(last / 1000);
      const inner = [];
      for (let sec = firstSecond + 1; sec < lastSecond; sec += 1) inner.push(bySecond.get(sec) ?? 0);
      // Every second from the first arrival to the last, in order: how a drain ramps up and ends.
      const series = latencies.length > 0 ? [bySecond.get(firstSecond) ?? 0, ...inner, ...(lastSecond > firstSecond ? [bySecond.get(lastSecond) ?? 0] : [])] : [];
      const steadyPerSecond = inner.length > 0 ? [...inner].sort((a, b) => a - b)[Math.floor(inner.length / 2)] : Number.NaN;
      return { delivered: latencies.length, duplicates, sameEvent, duplicateSample, strays, p50: at(0.5), p99: at(0.99), max: sorted.at(-1), spanMs: last - first, first, last, steadyPerSecond, series };
    },
    /** Arrivals so far (distinct), without sorting: for polling. */
    delivered: () => latencies.length,
    reset(runPrefix = '') {
      prefix = runPrefix;
      strays = 0;
      latencies = [];
      duplicates = 0;
      sameEvent = 0;
      duplicateSample = undefined;
      first = 0;
      last = 0;
      bySecond = new Map();
    },
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); }),
  };
}
