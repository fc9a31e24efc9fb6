import type pg from 'pg';
import { readRateLimitHeadroom, type RateLimitSource } from './rate-limit-headroom.js';
import { readRollupWindows, type HealthWindow, type WindowHealth } from './rollup-windows.js';

/** One account of a multi-account connector (a Shopify shop) over one window, from the rollups. */
export interface AccountFigures {
  /** null: webhooks that came without an account. */
  account: string | null;
  received: number;
  processed: number;
  /** processed / (processed + dead-lettered + quarantined); null when nothing finished. */
  successRate: number | null;
  latencyMs: { p50: number | null; p95: number | null };
  /** Failed attempts by class (dataFormat includes quarantines), webhooks given up on, and failed outbound calls. */
  failures: { transient: number; permanent: number; dataFormat: number; quarantined: number; deadLettered: number; callFailures: number };
  /** Any failure above in the window: such accounts are listed first. */
  failing: boolean;
  calls: number;
  throttled: number;
  /** The account's limiter budget when the connector's rate limit is kept per account; null otherwise or when Redis does not answer. */
  rateLimit: { points: number; remaining: number; blockedForMs: number } | null;
}

export interface AccountHealthOptions {
  window: Extract<HealthWindow, '1h' | '24h'>;
  /** Only this account (the account page). */
  account?: string | undefined;
  now?: Date;
  /** The workers' shared limiter: headroom per account where the policy's scope is `account`. */
  rateLimits?: RateLimitSource | undefined;
}

function figures(account: string | null, w: WindowHealth): AccountFigures {
  const failures = { transient: w.failed.transient, permanent: w.failed.permanent, dataFormat: w.failed.dataFormat, quarantined: w.quarantined, deadLettered: w.deadLettered, callFailures: w.callFailures };
  return {
    account,
    received: w.received,
    processed: w.processed,
    successRate: w.successRate,
    latencyMs: { p50: w.latencyMs.p50, p95: w.latencyMs.p95 },
    failures,
    failing: Object.values(failures).some((n) => n > 0),
    calls: w.calls,
    throttled: w.throttled,
    rateLimit: null,
  };
}

// What follows `<connector>:<account>:` must be a URL host alone (name or [IPv6], optional port),
// so account "a" does not take the keys of an account "a:b".
const HOST = /^(\[[^\]]*\]|[^:[\]]+)(:\d+)?$/;

/** Failing accounts first, then the busiest; the name breaks ties so the order is stable. */
export function compareAccounts(a: AccountFigures, b: AccountFigures): number {
  return Number(b.failing) - Number(a.failing) || b.received - a.received || (a.account ?? '').localeCompare(b.account ?? '');
}

/**
 * Per account of a connector over 1 h or 24 h: success rate, outbound latency p50/p95 from the
 * rollups' histogram buckets, failures by class and, where the limiter keys per account, the
 * rate-limit headroom. The rollups hold a row per connector, account and minute (hour), so this
 * reads at most 61 (25) rows per account and never scans events.
 */
export async function accountHealth(pool: Pick<pg.Pool, 'query'>, connector: string, options: AccountHealthOptions): Promise<AccountFigures[]> {
  const now = options.now ?? new Date();
  const [rows, limits] = await Promise.all([
    readRollupWindows(pool, [connector], { now, byAccount: true }),
    options.rateLimits && options.rateLimits.policyFor(connector)?.scope === 'account' ? readRateLimitHeadroom(options.rateLimits, connector) : Promise.resolve(null),
  ]);
  const accounts = rows
    .filter((r) => r.window === options.window && (options.account === undefined || r.account === options.account))
    .map((r) => figures(r.account === '' ? null : r.account, r.health));
  if (limits?.policy) {
    for (const figure of accounts) {
      // Keys are `<connector>:<account>:<host>`, one budget per API host: the tightest one counts.
      const prefix = `${connector}:${figure.account ?? '-'}:`;
      const keys = limits.keys.filter((k) => k.key.startsWith(prefix) && HOST.test(k.key.slice(prefix.length)));
      const remaining = keys.map((k) => k.remaining ?? limits.policy?.points ?? 0);
      figure.rateLimit = {
        points: limits.policy.points,
        remaining: remaining.length ? Math.min(...remaining) : limits.policy.points,
        blockedForMs: Math.max(0, ...keys.map((k) => k.blockedForMs)),
      };
    }
  }
  return accounts.sort(compareAccounts);
}
