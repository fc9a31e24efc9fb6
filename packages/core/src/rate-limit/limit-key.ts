import type { RateLimitPolicy } from '@hub/connector-sdk';

/** One budget per connector (and account, when the policy says so) and per API host. */
export function rateLimitKey(connector: string, account: string | null, url: string, policy: RateLimitPolicy): string {
  const host = new URL(url).host;
  return policy.scope === 'account' ? `${connector}:${account ?? '-'}:${host}` : `${connector}:${host}`;
}

/** What the provider's answer says about waiting: Retry-After is read by the caller; this reads X-RateLimit-*. */
export function exhaustedUntilMs(headers: Record<string, string>, nowMs: number): number | undefined {
  if (headers['x-ratelimit-remaining'] !== '0') return undefined;
  const reset = Number(headers['x-ratelimit-reset']);
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  // GitHub sends epoch seconds; a small number is a delta in seconds (some APIs do that).
  const resetMs = reset > 1e9 ? reset * 1000 : nowMs + reset * 1000;
  return Math.max(0, resetMs - nowMs);
}
