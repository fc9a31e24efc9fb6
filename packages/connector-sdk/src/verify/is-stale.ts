/**
 * True when a signed timestamp is more than `toleranceSeconds` away from now, in either
 * direction: a timestamp far in the future is as suspect as an old one (Stripe's PHP and
 * .NET SDKs once accepted future timestamps).
 */
export function isStale(timestampSeconds: number, nowMs: number, toleranceSeconds: number): boolean {
  const nowSeconds = Math.floor(nowMs / 1000);
  return Math.abs(nowSeconds - timestampSeconds) > toleranceSeconds;
}
