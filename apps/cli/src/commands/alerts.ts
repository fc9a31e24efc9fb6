import os from 'node:os';
import { AlertLifecycle, isAlertKind, parseMuteDuration, RuleAlertKinds, type Alert } from '@hub/core/alerts';
import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { hubError, isHubError } from '@hub/core/errors';
import { createLogger } from '@hub/core/logger';
import { openHubResources } from '@hub/core/runtime';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Operator actions carry who did it, as the console's carry `api:<token name>`.
const actor = () => `cli:${os.userInfo().username}`;

/** The lifecycle without notification targets: a resolve queues what its raise had, and the workers send it. */
async function withAlerts<T>(env: Env, work: (alerts: AlertLifecycle) => Promise<T>): Promise<T> {
  const resources = openHubResources(parseEnv(BaseEnv, env));
  try {
    return await work(new AlertLifecycle({ pool: resources.pool, store: resources.store, log: createLogger({ service: 'cli', level: 'silent' }) }));
  } finally {
    await resources.close();
  }
}

function checkId(id: string): void {
  if (!UUID.test(id)) throw hubError('HUB_CLI_USAGE', `"${id}" is not an alert id (a UUID, as "hub alerts list" shows it)`);
}

const notFound = (id: string) => hubError('HUB_ALERT_NOT_FOUND', `no alert ${id}; "hub alerts list --all" shows every alert with its id`);

/** `hub alerts [list] [--all] [--json]`: open alerts (or all), newest first. */
export async function runAlertsList(env: Env, options: { all: boolean; json: boolean }, print: (line: string) => void = console.log): Promise<void> {
  const alerts = await withAlerts(env, (a) => a.list({ status: options.all ? 'all' : 'open' }));
  if (options.json) return print(JSON.stringify(alerts, null, 2));
  if (alerts.length === 0) return print(options.all ? 'no alerts recorded' : 'no open alerts (hub alerts list --all shows resolved ones too)');
  print(['ID'.padEnd(36), 'CONNECTOR'.padEnd(16), 'KIND'.padEnd(22), 'SEVERITY', 'STATUS'.padEnd(8), 'COUNT', 'SINCE'.padEnd(24), 'MUTED UNTIL'.padEnd(24), 'ACKNOWLEDGED BY'].join('  '));
  for (const a of alerts) print(row(a));
  print(`${alerts.length} alert(s). Mute one: hub alerts mute <id> --for 1h; resolve one: hub alerts resolve <id>`);
}

function row(a: Alert): string {
  return [a.id, a.connector.padEnd(16), a.kind.padEnd(22), a.severity.padEnd(8), a.status.padEnd(8), String(a.occurrences).padEnd(5), a.openedAt.toISOString().padEnd(24), (a.mutedUntil?.toISOString() ?? '-').padEnd(24), a.acknowledgedBy ?? '-'].join('  ');
}

/** `hub alerts mute <id> --for 1h`: no notifications for this connector and kind for that long. */
export async function runAlertsMute(env: Env, id: string, options: { for: string }, print: (line: string) => void = console.log): Promise<void> {
  checkId(id);
  let forMs: number;
  try {
    forMs = parseMuteDuration(options.for);
  } catch (err) {
    throw isHubError(err) ? hubError('HUB_CLI_USAGE', `--for: ${err.message}`) : err;
  }
  const muted = await withAlerts(env, async (alerts) => {
    if (!(await alerts.get(id))) throw notFound(id);
    return alerts.mute(id, forMs, actor());
  });
  print(`muted ${muted.kind} on ${muted.connector} until ${muted.mutedUntil?.toISOString()} (alerts are still recorded; nobody is notified)`);
}

/** `hub alerts resolve <id>`: an operator closes an open alert. */
export async function runAlertsResolve(env: Env, id: string, print: (line: string) => void = console.log): Promise<void> {
  checkId(id);
  const resolved = await withAlerts(env, async (alerts) => {
    const done = await alerts.resolveById(id, actor());
    if (done) return done;
    const alert = await alerts.get(id);
    throw alert ? hubError('HUB_CLI_USAGE', `alert ${id} is already ${alert.status}`) : notFound(id);
  });
  print(`resolved ${resolved.kind} on ${resolved.connector} (${resolved.id})`);
}

/** `hub alerts ack <id>`: someone is on it; the Slack message says who (the first acknowledgement stands). */
export async function runAlertsAck(env: Env, id: string, print: (line: string) => void = console.log): Promise<void> {
  checkId(id);
  const { alert, acknowledged } = await withAlerts(env, async (alerts) => {
    if (!(await alerts.get(id))) throw notFound(id);
    return alerts.acknowledge(id, actor());
  });
  print(acknowledged ? `acknowledged ${alert.kind} on ${alert.connector} (${alert.id})` : `${alert.kind} on ${alert.connector} was already acknowledged by ${alert.acknowledgedBy ?? 'someone'}; nothing changed`);
}

/** `hub alerts unmute <connector> [kind]`: notifications resume (every kind's mute when no kind is named). */
export async function runAlertsUnmute(env: Env, connector: string, kind: string | undefined, print: (line: string) => void = console.log): Promise<void> {
  if (kind !== undefined && !isAlertKind(kind)) throw hubError('HUB_CLI_USAGE', `"${kind}" is not an alert kind (${RuleAlertKinds.join(', ')}, anomaly:<metric>)`);
  const { removed } = await withAlerts(env, (alerts) => alerts.unmute(connector, kind, actor()));
  print(removed.length === 0 ? `nothing was muted on ${connector}${kind ? ` for ${kind}` : ''}` : `unmuted ${connector}: ${removed.map((m) => m.scope).join(', ')}`);
}
