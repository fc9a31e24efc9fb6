import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendError } from '../error-reply.js';
import { RefusalCounter } from './refusal-counter.js';
import { AddressRanges, rememberedByAddress, sourceKey } from './source-key.js';

export interface RefusalLimitOptions {
  /** Refused requests a source may send per window; 0: no limit. */
  limit: number;
  windowMs: number;
  /** Sources never limited (a provider's published delivery ranges). */
  exempt: readonly string[];
  /**
   * Whether a request carries the signature header(s) of the connector its route names. A limited
   * source's signed requests are still read and verified: see below.
   */
  carriesSignature(request: FastifyRequest): boolean;
  now?: () => number;
}

/**
 * Counts refused requests (any 4xx but 429: bad signature, unknown connector, oversized,
 * malformed) per source address, and answers a source over the limit 429 with Retry-After before
 * its body is read, closing the connection. Verified deliveries (2xx) never count, so a provider
 * that sends only signed webhooks is never limited, however fast it sends them.
 *
 * A limited source's requests that carry the connector's signature header are still read and
 * verified (and counted when refused). Providers deliver from shared addresses: anyone can point a
 * GitHub webhook with a wrong secret at this hub, and GitHub's addresses would otherwise be cut
 * off from the real deliveries, which GitHub never retries. What the limit sheds at no cost is the
 * rest: scanners, unsigned junk, unknown paths.
 */
export function registerRefusalLimit(app: FastifyInstance, options: RefusalLimitOptions): void {
  if (options.limit === 0) return;
  const counter = new RefusalCounter({ limit: options.limit, windowMs: options.windowMs, ...(options.now ? { now: options.now } : {}) });
  const ranges = new AddressRanges(options.exempt);
  const exempt = rememberedByAddress((ip) => ranges.includes(ip));
  const keyOf = rememberedByAddress(sourceKey);

  app.addHook('onRequest', async (request, reply) => {
    // Nothing refused lately (a provider's deliveries): no source can be over the limit.
    if (counter.empty) return;
    if (exempt(request.ip)) return;
    const wait = counter.retryAfterSeconds(keyOf(request.ip));
    if (wait === 0 || options.carriesSignature(request)) return;
    // Connection: close — the body stays unread and the socket is not kept for the next try.
    return sendError(reply.header('retry-after', String(wait)).header('connection', 'close'), 429, 'HUB_INGRESS_TOO_MANY_REFUSALS', `too many refused requests from this address; retry after ${wait} s`);
  });

  app.addHook('onResponse', async (request, reply) => {
    const status = reply.statusCode;
    if (status < 400 || status >= 500 || status === 429 || exempt(request.ip)) return;
    const key = keyOf(request.ip);
    const wasLimited = counter.retryAfterSeconds(key) > 0;
    counter.record(key);
    if (!wasLimited && counter.retryAfterSeconds(key) > 0) {
      request.log.warn({ source: key, limit: options.limit, windowS: options.windowMs / 1000 }, 'source over the refusal limit: its requests are answered 429 until the window passes');
    }
  });
}
