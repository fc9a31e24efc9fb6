import { z } from 'zod';

/** A provider's documented request limit, enforced before every outbound call by a limiter shared through Redis. */
export const RateLimitPolicy = z.object({
  /** Requests allowed per window. */
  points: z.number().int().positive(),
  /** Window length in milliseconds (a sliding window). */
  durationMs: z.number().int().positive(),
  /** `account`: one budget per account (one Shopify shop); `connector`: one budget for all. */
  scope: z.enum(['connector', 'account']).default('connector'),
});
export type RateLimitPolicy = z.infer<typeof RateLimitPolicy>;
export type RateLimitPolicyInput = z.input<typeof RateLimitPolicy>;
