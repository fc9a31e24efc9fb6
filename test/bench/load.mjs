import autocannon from 'autocannon';
import { nextRequest } from './signed-webhooks.mjs';
import { drivePaced } from './lib/paced-load.mjs';

/**
 * How a fixed rate is offered: `paced` (default) sends each request when it is due, open loop
 * (lib/paced-load.mjs); `autocannon` uses its `overallRate`, as the bench did before the
 * twenty-first increment (each connection's share of a second sent back to back).
 */
const rateLoad = process.env.BENCH_LOAD ?? 'paced';
if (!['paced', 'autocannon'].includes(rateLoad)) throw new Error(`BENCH_LOAD must be paced or autocannon, not ${rateLoad}`);

/**
 * Drives the ingress with signed webhooks of `connector` (stripe or github) for `durationS`, or
 * until `amount` requests were sent. With `rate` (req/s overall) the load is offered at that rate;
 * without one it is a flood of `connections` closed-loop connections (autocannon). `connections`
 * is autocannon's only: the paced generator opens up to BENCH_PACED_CONNECTIONS (lib/paced-load.mjs).
 */
export async function drive(url, { connections = 50, durationS = 10, rate, amount, connector = 'stripe' } = {}) {
  if (rate && !amount && rateLoad === 'paced') {
    const run = await drivePaced(url, { rate, durationS, build: (dueAt) => nextRequest(connector, dueAt) });
    const accepted = run.statuses[202] ?? 0;
    return { accepted, perSecond: accepted / durationS, non2xx: run.non2xx, errors: run.errors, p50: run.p50, p99: run.p99, max: run.max, maxLateMs: run.maxLateMs };
  }
  const result = await autocannon({
    url,
    connections,
    ...(amount ? { amount } : { duration: durationS }),
    ...(rate ? { overallRate: rate } : {}),
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => ({ ...req, ...nextRequest(connector) }),
      },
    ],
  });
  const accepted = result.statusCodeStats?.['202']?.count ?? 0;
  return {
    accepted,
    perSecond: accepted / (amount ? result.duration : durationS),
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}
