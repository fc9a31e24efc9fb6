import type { BreakerPolicy, HttpRequest, HttpResponse, RateLimitPolicy } from '@hub/connector-sdk';
import { redactAuthorized, type RequestAuthorizer } from '../auth/index.js';
import type { SharedCircuitBreakers } from '../circuit-breaker/index.js';
import { hubError, isHubError } from '../errors/index.js';
import type { HubMetrics } from '../metrics/index.js';
import { exhaustedUntilMs, rateLimitKey, type RateLimiter } from '../rate-limit/index.js';
import { classifyStatus, parseRetryAfter, type SendHttp } from './outbound-http.js';

/** The limiter and the policy of each target connector (declared, or overridden in hub.config.yaml). */
export interface RateLimits {
  limiter: RateLimiter;
  policyFor(connector: string): RateLimitPolicy | undefined;
}

/** Circuit breakers shared by the fleet, and the breaker policy of each target connector. */
export interface Breakers {
  breakers: SharedCircuitBreakers;
  policyFor(connector: string): BreakerPolicy;
}

export interface GuardedHttpOptions {
  /** The connector whose API is called. */
  target: string;
  account: string | null;
  send: SendHttp;
  limits?: RateLimits | undefined;
  breakers?: Breakers | undefined;
  /**
   * Adds the target's credentials just before the request leaves; a 401 lets it renew them
   * once (oauth2) and the call is repeated once.
   */
  authorizer?: RequestAuthorizer | undefined;
  /** Called before the request leaves (records action.requested, durably), with what the authorizer added redacted. */
  beforeSend(req: HttpRequest): Promise<void>;
  /** Called with every answer, whatever its status. */
  afterAnswer(res: HttpResponse): void;
  metrics?: HubMetrics | undefined;
}

/**
 * The HTTP client a connector action receives: circuit breaker (shared) -> credentials ->
 * durable record -> rate limit (shared) -> the call -> what the answer says about waiting
 * (Retry-After, X-RateLimit-*) -> classification.
 * A non-2xx answer becomes a HubError whose class decides retry.
 */
export function guardedHttp(options: GuardedHttpOptions): { request(req: HttpRequest): Promise<HttpResponse> } {
  const { target, account, send, limits, breakers } = options;
  const policy = limits?.policyFor(target);
  return {
    async request(req) {
      const key = rateLimitKey(target, account, req.url, policy?.scope ?? 'connector');
      // The permit is taken right before the bytes leave, after the durable record: a provider
      // counts arrivals, and any wait between permit and send (a slow append under load) would
      // let permits granted a second apart arrive inside one provider window.
      // The permit is taken right before the bytes leave, after the durable record, and held until
      // the answer is back: a provider counts arrivals, and a request can wait in this process's
      // event loop between permit and arrival for longer than any fixed margin under load.
      const takePermit = async (): Promise<() => Promise<void>> => {
        if (!limits) return () => Promise.resolve();
        const verdict = policy ? await limits.limiter.acquire(key, policy) : await limits.limiter.blockedFor(key);
        if (!verdict.allowed) {
          options.metrics?.throttled.inc({ connector: target, reason: 'rate_limit' });
          const why = policy ? `(${policy.points} per ${policy.durationMs} ms)` : '(the provider asked to wait)';
          throw hubError('HUB_CONNECTOR_RATE_LIMITED', `${target} is rate limited ${why}`, { retryAfterMs: verdict.retryAfterMs });
        }
        return verdict.settle;
      };
      const sendOnce = async (outgoing: HttpRequest): Promise<HttpResponse> => {
        // The secrets an authorizer added never reach the event store.
        await options.beforeSend(outgoing === req ? req : redactAuthorized(req, outgoing));
        const settle = await takePermit();
        const started = performance.now();
        let res: HttpResponse;
        try {
          res = await send(outgoing);
        } catch (err) {
          options.metrics?.outboundSeconds.observe({ connector: target, status_class: 'error' }, (performance.now() - started) / 1000);
          throw err;
        } finally {
          await settle();
        }
        options.metrics?.outboundSeconds.observe({ connector: target, status_class: `${Math.floor(res.status / 100)}xx` }, (performance.now() - started) / 1000);
        options.afterAnswer(res);
        return res;
      };
      const call = async (): Promise<HttpResponse> => {
        const { authorizer } = options;
        const outgoing = authorizer ? await authorizer.authorize(req) : req;
        let res = await sendOnce(outgoing);
        // A token the provider no longer accepts (revoked, expired early): renew it once, call once more.
        if (res.status === 401 && authorizer?.reauthorize) res = await sendOnce(await authorizer.reauthorize(req, outgoing));
        const now = Date.now();
        const retryAfterMs = parseRetryAfter(res.headers['retry-after'], now);
        // The provider's own word on waiting binds every replica: nobody calls it before then.
        const waitMs = Math.max(res.status === 429 || res.status === 503 ? (retryAfterMs ?? 0) : 0, exhaustedUntilMs(res.headers, now) ?? 0);
        if (waitMs > 0) await limits?.limiter.block(key, waitMs);
        const verdict = classifyStatus(res.status);
        if (verdict === 'ok') return res;
        throw hubError(verdict === 'transient' ? 'HUB_ACTION_TRANSIENT' : 'HUB_ACTION_PERMANENT', `${req.method} ${req.url} answered ${res.status}`, {
          retryAfterMs,
          details: { status: res.status },
        });
      };
      // One breaker per target connector and API host, whatever the account.
      if (!breakers) return call();
      return breakers.breakers.run(`${target}:${new URL(req.url).host}`, breakers.policyFor(target), call).catch((err: unknown) => {
        if (isHubError(err) && err.code === 'HUB_CIRCUIT_OPEN') options.metrics?.throttled.inc({ connector: target, reason: 'circuit_open' });
        throw err;
      });
    },
  };
}
