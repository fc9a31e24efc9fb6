import http from 'node:http';
import { listenOnLoopback } from './listen-on-loopback.js';

export interface RateLimitedApiOptions {
  /** Requests the "provider" accepts in any sliding window. */
  limit: number;
  windowMs: number;
}

export interface RateLimitedApi {
  url: string;
  /** Arrival time (ms) of every request, accepted or not. */
  arrivals: number[];
  /** Requests answered 429 because the limit was exceeded. */
  rejected: number;
  /** The most requests that arrived in any sliding window of `windowMs`. */
  maxInWindow(): number;
  /** Answers the next request with 429 and this Retry-After (seconds), as a provider under pressure does. */
  throttleNext(retryAfterSeconds: number): void;
  close(): Promise<void>;
}

/**
 * A provider that enforces a documented sliding-window limit the way Stripe, GitHub and Slack
 * document theirs: over the limit, 429 with Retry-After and an error body; every answer
 * carries X-RateLimit-Limit / -Remaining. It counts every request, so tests can assert that
 * the hub never exceeded the limit.
 */
export async function startRateLimitedApi({ limit, windowMs }: RateLimitedApiOptions): Promise<RateLimitedApi> {
  let forced: number | undefined;
  const state: RateLimitedApi = {
    url: '',
    arrivals: [],
    rejected: 0,
    maxInWindow(): number {
      let max = 0;
      let start = 0;
      for (let end = 0; end < state.arrivals.length; end += 1) {
        while ((state.arrivals[end] as number) - (state.arrivals[start] as number) >= windowMs) start += 1;
        max = Math.max(max, end - start + 1);
      }
      return max;
    },
    throttleNext(seconds: number) {
      forced = seconds;
    },
    close: async () => undefined,
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const now = Date.now();
      state.arrivals.push(now);
      const inWindow = state.arrivals.filter((t) => t > now - windowMs).length;
      const headers = { 'content-type': 'application/json', 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': String(Math.max(0, limit - inWindow)) };
      if (forced !== undefined || inWindow > limit) {
        const retryAfter = forced ?? Math.ceil(windowMs / 1000);
        forced = undefined;
        state.rejected += 1;
        res.writeHead(429, { ...headers, 'retry-after': String(retryAfter) }).end(JSON.stringify({ error: { type: 'rate_limit_error', message: 'Too many requests' } }));
        return;
      }
      res.writeHead(200, headers).end(JSON.stringify({ ok: true }));
    });
  });
  server.keepAliveTimeout = 30_000;
  const listening = await listenOnLoopback(server);
  state.url = listening.url;
  state.close = listening.close;
  return state;
}
