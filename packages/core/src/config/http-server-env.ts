import { z } from 'zod';

const Ms = (max: number) => z.coerce.number().int().min(100).max(max);

/**
 * Limits of an HTTP server that untrusted clients reach (the ingress, the Slack receiver): a
 * client that sends its headers or its body slowly holds a socket, so both are bounded.
 */
export const HttpServerEnv = z.object({
  /** The request line and headers must arrive within this. */
  HUB_HTTP_HEADERS_TIMEOUT_MS: Ms(120_000).default(10_000),
  /** The whole request, body included, must arrive within this; a body still trickling in is cut off (408). */
  HUB_HTTP_REQUEST_TIMEOUT_MS: Ms(300_000).default(30_000),
  /** An idle keep-alive connection is closed after this (behind a load balancer: above its idle timeout). */
  HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS: Ms(600_000).default(5_000),
  /** Request line plus headers larger than this are refused (431). */
  HUB_HTTP_MAX_HEADER_BYTES: z.coerce.number().int().min(4_096).max(65_536).default(16_384),
});
export type HttpServerConfig = z.infer<typeof HttpServerEnv>;

/** The same limits as node:http server options. */
export interface HttpServerLimits {
  headersTimeout: number;
  requestTimeout: number;
  keepAliveTimeout: number;
  maxHeaderSize: number;
  /** How often node checks the two timeouts (its default, 30 s, would let a slow client hold a socket up to twice as long). */
  connectionsCheckingInterval: number;
}

export function httpServerLimits(config: HttpServerConfig): HttpServerLimits {
  const requestTimeout = config.HUB_HTTP_REQUEST_TIMEOUT_MS;
  // node refuses a headers timeout longer than the request timeout.
  const headersTimeout = Math.min(config.HUB_HTTP_HEADERS_TIMEOUT_MS, requestTimeout);
  return {
    headersTimeout,
    requestTimeout,
    keepAliveTimeout: config.HUB_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    maxHeaderSize: config.HUB_HTTP_MAX_HEADER_BYTES,
    connectionsCheckingInterval: Math.min(1_000, Math.max(100, Math.floor(headersTimeout / 4))),
  };
}

/** The limits as Fastify server options (node:http underneath), for each app that listens. */
export function fastifyServerLimits(limits: HttpServerLimits) {
  return {
    // A client trickling its headers or body holds a socket: both are bounded (node answers 408 and closes).
    requestTimeout: limits.requestTimeout,
    keepAliveTimeout: limits.keepAliveTimeout,
    // A socket idle that long (no byte at all) is dropped too.
    connectionTimeout: limits.requestTimeout,
    http: { headersTimeout: limits.headersTimeout, maxHeaderSize: limits.maxHeaderSize, connectionsCheckingInterval: limits.connectionsCheckingInterval },
  };
}
