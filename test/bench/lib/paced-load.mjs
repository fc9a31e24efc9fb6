// An open-loop load generator for the fixed-rate phases: request k is due at start + k / rate,
// sent when due whether or not earlier ones were answered, and its latency counts from when it was
// due. autocannon's `overallRate` instead lets each connection send back to back until it has made
// its share of the second, then waits for the next second: 2,000/s arrives as a burst at the top
// of each second, and when answers slow down its connections cannot finish their share, so the
// offered rate falls below the one asked for (docs/benchmarks.md, twenty-first increment).
import { Pool } from 'undici';

/**
 * Sends `rate` requests a second for `durationS`, each built by `build(dueAtMs)` ({ body, headers }),
 * over up to `connections` keep-alive connections (requests beyond them wait in the pool's queue,
 * and that wait counts in their latency). Waits for the answers of what was sent, up to `drainS`.
 */
export async function drivePaced(url, { rate, durationS, build, connections = Number(process.env.BENCH_PACED_CONNECTIONS ?? 256), drainS = 30 }) {
  const target = new URL(url);
  const pool = new Pool(target.origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
  const statuses = new Map();
  const latencies = [];
  let errors = 0;
  let closed = false;
  let sent = 0;
  let lateMs = 0;
  const inFlight = new Set();
  const intervalMs = 1000 / rate;
  const startedAt = performance.now();
  const epochOffset = Date.now() - startedAt;
  const total = Math.round(rate * durationS);

  const send = (dueAt) => {
    const { body, headers } = build(Math.round(epochOffset + dueAt));
    const request = pool
      .request({ path: target.pathname + target.search, method: 'POST', body, headers })
      .then(async (res) => {
        await res.body.dump();
        statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
        latencies.push(performance.now() - dueAt);
      })
      .catch(() => {
        // Those the pool drops when the drain ends are counted as unanswered below, not here.
        if (!closed) errors += 1;
      })
      .finally(() => inFlight.delete(request));
    inFlight.add(request);
  };

  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total) {
        const dueAt = startedAt + sent * intervalMs;
        if (dueAt > now) break;
        lateMs = Math.max(lateMs, now - dueAt);
        sent += 1;
        send(dueAt);
      }
      if (sent >= total) return resolve();
      setTimeout(tick, Math.max(0, startedAt + sent * intervalMs - performance.now()));
    };
    tick();
  });
  await Promise.race([Promise.all(inFlight), new Promise((resolve) => setTimeout(resolve, drainS * 1000).unref())]);
  const unanswered = inFlight.size;
  closed = true;
  await pool.destroy();

  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length === 0 ? 0 : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]));
  const non2xx = [...statuses].reduce((sum, [status, count]) => sum + (status >= 200 && status < 300 ? 0 : count), 0);
  return {
    sent,
    statuses: Object.fromEntries(statuses),
    errors: errors + unanswered,
    non2xx,
    p50: at(0.5),
    p99: at(0.99),
    max: at(1),
    /** How late the generator's own timer sent its most overdue request (ms): its share of the latency. */
    maxLateMs: Math.round(lateMs),
  };
}

/** For a run's line: how late the paced generator sent its most overdue request (its share of the latency). */
export const lateText = (load) => (load.maxLateMs === undefined ? '' : `; the generator sent its latest one ${load.maxLateMs} ms after it was due`);
