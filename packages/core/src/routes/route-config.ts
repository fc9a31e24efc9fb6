import { BreakerPolicy, ConcurrencyLimit, RateLimitPolicy, RetryPolicyDeclaration } from '@hub/connector-sdk';
import { z } from 'zod';

/** One route: when `on` happens, run `action` with the input that the JSONata expression builds. */
export const RouteConfig = z.object({
  /** Stable name: part of the idempotency key of the action, so renaming re-runs side effects. */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes'),
  on: z.object({
    connector: z.string().min(1),
    /** Provider event type, in the provider's spelling (`payment_intent.succeeded`). */
    event: z.string().min(1),
  }),
  action: z.object({
    connector: z.string().min(1),
    name: z.string().min(1),
  }),
  /**
   * JSONata expression evaluated against the provider payload, building the action's input.
   * Bindings: $eventId (our id), $account, $eventType, and $canonical (the payload mapped to its
   * @hub/models model, when the connector has an adapter for the event).
   */
  input: z.string().min(1),
});
export type RouteConfig = z.infer<typeof RouteConfig>;

/** Per-connector overrides of declared policy, e.g. the rate limit of a generic `http` target or the concurrency of a slow provider's webhooks. */
export const ConnectorOverrides = z.record(
  z.string(),
  z.object({ rateLimit: RateLimitPolicy.optional(), breaker: BreakerPolicy.optional(), retry: RetryPolicyDeclaration.optional(), concurrency: ConcurrencyLimit.optional() }).strict(),
);
export type ConnectorOverrides = z.infer<typeof ConnectorOverrides>;
export type ConnectorOverridesInput = z.input<typeof ConnectorOverrides>;

