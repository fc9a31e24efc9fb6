/** A throttled call (rate limit, open circuit) waits what it was told, at least a second: SQS delays messages by whole seconds. */
export function throttleDelaySeconds(waitMs: number | undefined): number {
  return Math.max(1, Math.ceil((waitMs ?? 1_000) / 1000));
}

/**
 * When the message of an event delayed `delaySeconds` from now comes back: recorded on the wait
 * (webhook.failed, action.throttled) as `nextAttemptAt`, the stall sweeper's due time for it.
 */
export function nextAttemptAt(delaySeconds: number, now = Date.now()): string {
  return new Date(now + Math.ceil(delaySeconds) * 1000).toISOString();
}
