import { z } from 'zod';

/** How a failing call is retried, in p-retry's option names. Retries go through the queue, never a sleep. */
export const RetryPolicyDeclaration = z.object({
  /** Retries after the first attempt. */
  retries: z.number().int().min(0).max(100),
  /** First backoff ceiling, ms (full jitter: the delay is random in [0, ceiling]). */
  minTimeout: z.number().int().min(0),
  /** Largest backoff ceiling, ms. */
  maxTimeout: z.number().int().min(0),
  /** Ceiling growth per attempt. */
  factor: z.number().min(1).max(10).default(2),
  /** Total time budget from the first receipt, ms; past it the event is dead-lettered. */
  maxRetryTime: z.number().int().positive().optional(),
});
export type RetryPolicyDeclaration = z.infer<typeof RetryPolicyDeclaration>;
export type RetryPolicyDeclarationInput = z.input<typeof RetryPolicyDeclaration>;
