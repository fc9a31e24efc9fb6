import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { hubError } from '@hub/core/errors';
import { connectorHealth, type WindowHealth } from '@hub/core/health';
import { openHubResources } from '@hub/core/runtime';
import { installedConnectors } from '../installed-connectors.js';

const percent = (rate: number | null) => (rate === null ? '   -' : `${(rate * 100).toFixed(1).padStart(5)}%`);
const ms = (value: number | null) => (value === null ? '-' : `${value} ms`);

function line(name: string, w: WindowHealth): string {
  return `  ${name.padEnd(4)} received ${String(w.received).padStart(6)}  ok ${percent(w.successRate)}  failed ${w.failed.transient}/${w.failed.permanent} (transient/permanent)  quarantined ${w.quarantined}  dead ${w.deadLettered}  p50 ${ms(w.latencyMs.p50)}  p95 ${ms(w.latencyMs.p95)}  p99 ${ms(w.latencyMs.p99)}`;
}

/** `hub health [connector]`: the same figures as GET /api/health. */
export async function runHealth(env: Env, connectorId: string | undefined, print: (line: string) => void = console.log): Promise<void> {
  const catalog = await installedConnectors(env);
  const receiving = catalog.list().filter((c) => c.webhook).map((c) => c.id);
  if (connectorId !== undefined && !catalog.get(connectorId)?.webhook) throw hubError('HUB_CLI_USAGE', `no connector "${connectorId}"; try one of: ${receiving.join(', ')}`);
  const resources = openHubResources(parseEnv(BaseEnv, env));
  try {
    for (const health of await connectorHealth(resources.pool, connectorId ? [connectorId] : receiving)) {
      print(`${health.connector} — last success ${health.lastSuccessAt ? health.lastSuccessAt.toISOString() : 'never'}`);
      for (const [name, window] of Object.entries(health.windows)) print(line(name, window));
    }
  } finally {
    await resources.close();
  }
}
