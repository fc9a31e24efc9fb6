import type { RetryPolicyDeclaration } from '@hub/connector-sdk';
import { backoffDelayMs, type Backoff } from '../backoff/index.js';

export interface RetryPolicy extends Backoff {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Total budget from the first receipt; past it the event is dead-lettered. */
  maxRetryTimeMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/** The wait before a retry: the shared full-jitter backoff, never shorter than Retry-After. */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfterMs = 0, random: () => number = Math.random): number {
  return backoffDelayMs(attempt, policy, { floorMs: retryAfterMs, random });
}

/** A connector's declared policy (p-retry names) as the worker applies it. */
export function fromDeclaration(declared: RetryPolicyDeclaration): RetryPolicy {
  return {
    maxAttempts: declared.retries + 1,
    baseDelayMs: declared.minTimeout,
    maxDelayMs: declared.maxTimeout,
    factor: declared.factor,
    ...(declared.maxRetryTime ? { maxRetryTimeMs: declared.maxRetryTime } : {}),
  };
}
