import autocannon from 'autocannon';
import { nextRequest } from './signed-webhooks.mjs';

/**
 * Drives the ingress with signed webhooks of `connector` (stripe or github) for `durationS`, or
 * until `amount` requests were sent; `rate` (req/s overall) is optional.
 */
export async function drive(url, { connections = 50, durationS = 10, rate, amount, connector = 'stripe' } = {}) {
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
