import { RateLimitPolicy } from '@hub/connector-sdk';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { connectorHealth, recentErrors, RECENT_ERRORS_LOOKBACK_MS, type ConnectorHealth, type RecentErrors, type WindowHealth } from '@hub/core/health';
import { createLogger } from '@hub/core/logger';
import { connectRedis } from '@hub/core/rate-limit';
import { openHubResources } from '@hub/core/runtime';
import { installedConnectors } from '../installed-connectors.js';

const percent = (rate: number | null) => (rate === null ? '   -' : `${(rate * 100).toFixed(1).padStart(5)}%`);
const ms = (value: number | null) => (value === null ? '-' : `${value} ms`);
const duration = (value: number | null) => {
  if (value === null) return '-';
  if (value < 120_000) return `${Math.round(value / 1000)} s`;
  if (value < 7_200_000) return `${Math.round(value / 60_000)} min`;
  return `${(value / 3_600_000).toFixed(1)} h`;
};
const count = (value: number | null) => (value === null ? '?' : String(value));

function line(name: string, w: WindowHealth): string {
  return `  ${name.padEnd(4)} received ${String(w.received).padStart(6)}  ok ${percent(w.successRate)}  failed ${w.failed.transient}/${w.failed.permanent}/${w.failed.dataFormat} (transient/permanent/data format)  quarantined ${w.quarantined}  dead ${w.deadLettered}  throttled ${w.throttled}  calls ${w.calls}  p50 ${ms(w.latencyMs.p50)}  p95 ${ms(w.latencyMs.p95)}  p99 ${ms(w.latencyMs.p99)}`;
}

function state(h: ConnectorHealth): string {
  const q = h.queue;
  const queue = `queue ${count(q.depth)} waiting, ${count(q.inFlight)} in flight, ${count(q.delayed)} delayed, DLQ ${count(q.dlq)}; ${q.pending} unfinished, oldest ${duration(q.oldestAgeMs)}`;
  const limit = h.rateLimit?.policy ? `rate limit ${h.rateLimit.headroom}/${h.rateLimit.policy.points} per ${h.rateLimit.policy.durationMs} ms left` : 'rate limit -';
  return `  ${queue}  circuit ${h.circuit}  ${limit}`;
}

const CLASS_NAMES = { transient: 'transient', permanent: 'permanent', dataFormat: 'data format' } as const;

/** The last errors of each class: one line each, newest first. */
function errorLines(errors: RecentErrors): string[] {
  return (Object.keys(CLASS_NAMES) as (keyof RecentErrors)[]).flatMap((key) => {
    const list = errors[key];
    if (list.length === 0) return [`  last ${CLASS_NAMES[key]} errors: none in ${RECENT_ERRORS_LOOKBACK_MS / 86_400_000} days`];
    return [`  last ${CLASS_NAMES[key]} errors:`, ...list.map((e) => `    ${duration(e.ageMs)} ago  ${e.code ?? '-'}  ${(e.message ?? '').slice(0, 120)}  event ${e.eventId}`)];
  });
}

/** `hub health [connector] [--accounts]`: the same figures as GET /api/health. */
export async function runHealth(env: Env, connectorId: string | undefined, { accounts = false }: { accounts?: boolean } = {}, print: (line: string) => void = console.log): Promise<void> {
  const catalog = await installedConnectors(env);
  const receiving = catalog.list().filter((c) => c.webhook).map((c) => c.id);
  if (connectorId !== undefined && !catalog.get(connectorId)?.webhook) throw hubError('HUB_CLI_USAGE', `no connector "${connectorId}"; try one of: ${receiving.join(', ')}`);
  const config = parseEnv(BaseEnv, env);
  const resources = openHubResources(config);
  const log = createLogger({ service: 'cli', level: 'silent' });
  // Headroom is read from the workers' shared limiter; without Redis it is shown as unknown.
  const redis = await connectRedis(config.REDIS_URL, log, 1_000);
  const declared = (id: string) => catalog.get(id)?.rateLimit;
  try {
    const health = await connectorHealth(resources.pool, connectorId ? [connectorId] : receiving, {
      byAccount: accounts,
      queues: resources.queues,
      rateLimits: { redis, prefix: `hub:${config.DATABASE_SCHEMA}:${config.HUB_QUEUE_PREFIX}`, policyFor: (id) => (declared(id) ? RateLimitPolicy.parse(declared(id)) : undefined) },
    });
    for (const h of health) {
      print(`${h.connector} — last success ${h.lastSuccessAt ? `${h.lastSuccessAt.toISOString()} (${duration(h.sinceLastSuccessMs)} ago)` : 'never'}`);
      print(state(h));
      for (const [name, window] of Object.entries(h.windows)) print(line(name, window));
      for (const a of h.accounts ?? []) {
        print(`  account ${a.account ?? '(none)'}`);
        for (const [name, window] of Object.entries(a.windows)) print(`  ${line(name, window)}`);
      }
      if (connectorId !== undefined) for (const l of errorLines(await recentErrors(resources.pool, h.connector))) print(l);
    }
  } finally {
    redis.disconnect();
    await resources.close();
  }
}
