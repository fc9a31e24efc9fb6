import { z } from 'zod';

/** When to stop calling a failing provider, in opossum's own option names. */
export const BreakerPolicy = z.object({
  /** Failure percentage in the rolling window that opens the circuit. */
  errorThresholdPercentage: z.number().min(1).max(100).default(50),
  /** Calls in the rolling window before the percentage counts. */
  volumeThreshold: z.number().int().min(1).default(10),
  /** Length of the rolling statistics window, ms. */
  rollingCountTimeout: z.number().int().min(100).default(10_000),
  /** How long the circuit stays open before one probe is let through, ms. */
  resetTimeout: z.number().int().min(100).default(30_000),
});
export type BreakerPolicy = z.infer<typeof BreakerPolicy>;
export type BreakerPolicyInput = z.input<typeof BreakerPolicy>;
