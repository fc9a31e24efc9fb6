import autocannon from 'autocannon';
import { nextRequest } from './signed-webhooks.mjs';

/** Drives the ingress with signed webhooks of `connector` (stripe or github); `rate` (req/s overall) is optional. */
export async function drive(url, { connections = 50, durationS = 10, rate, connector = 'stripe' } = {}) {
  const result = await autocannon({
    url,
    connections,
    duration: durationS,
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
    perSecond: accepted / durationS,
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
  };
}
