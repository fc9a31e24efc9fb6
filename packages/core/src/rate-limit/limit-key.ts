import type { RateLimitPolicy } from '@hub/connector-sdk';

/** One budget per connector (and account, when the policy's scope says so) and per API host. */
export function rateLimitKey(connector: string, account: string | null, url: string, scope: RateLimitPolicy['scope']): string {
  const host = new URL(url).host;
  return scope === 'account' ? `${connector}:${account ?? '-'}:${host}` : `${connector}:${host}`;
}

const SHOPIFY_LEAK_MS = 500; // the REST bucket drains 2 requests per second
const SALESFORCE_EXHAUSTED_MS = 3_600_000; // a daily allocation: look again in an hour

/**
 * How long the provider's answer says to hold back (Retry-After is read by the caller):
 * `X-RateLimit-Remaining: 0` until `X-RateLimit-Reset` (GitHub, HubSpot and others), Shopify's
 * `X-Shopify-Shop-Api-Call-Limit: 39/40` until the bucket has drained two requests, and
 * Salesforce's `Sforce-Limit-Info: api-usage=15000/15000` for an hour.
 */
export function exhaustedUntilMs(headers: Record<string, string>, nowMs: number): number | undefined {
  const shopify = /^(\d+)\/(\d+)$/.exec(headers['x-shopify-shop-api-call-limit'] ?? '');
  if (shopify) {
    const [used, size] = [Number(shopify[1]), Number(shopify[2])];
    return used >= size - 1 ? (used - (size - 2)) * SHOPIFY_LEAK_MS : undefined;
  }
  const salesforce = /api-usage=(\d+)\/(\d+)/.exec(headers['sforce-limit-info'] ?? '');
  if (salesforce) return Number(salesforce[1]) >= Number(salesforce[2]) ? SALESFORCE_EXHAUSTED_MS : undefined;
  if (headers['x-ratelimit-remaining'] !== '0') return undefined;
  const reset = Number(headers['x-ratelimit-reset']);
  if (!Number.isFinite(reset) || reset <= 0) return undefined;
  // GitHub sends epoch seconds; a small number is a delta in seconds (some APIs do that).
  const resetMs = reset > 1e9 ? reset * 1000 : nowMs + reset * 1000;
  return Math.max(0, resetMs - nowMs);
}
