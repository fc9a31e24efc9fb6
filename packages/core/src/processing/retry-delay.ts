import type { RetryPolicyDeclaration } from '@hub/connector-sdk';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Ceiling growth per attempt (default 2). */
  factor?: number;
  /** Total budget from the first receipt; past it the event is dead-lettered. */
  maxRetryTimeMs?: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 1_000, maxDelayMs: 5 * 60_000 };

/** Exponential backoff with full jitter (AWS architecture blog), never shorter than Retry-After. */
export function retryDelayMs(attempt: number, policy: RetryPolicy, retryAfterMs = 0, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * (policy.factor ?? 2) ** Math.max(0, attempt - 1));
  return Math.max(retryAfterMs, Math.round(random() * ceiling));
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
