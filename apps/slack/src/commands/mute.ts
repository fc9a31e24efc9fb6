import { isAlertKind, parseMuteDuration, RuleAlertKinds, type AlertKind } from '@hub/core/alerts';
import { isHubError } from '@hub/core/errors';
import { alertLifecycle, deliverAlertEdits } from '../alert-actions.js';
import { auditRefusal } from '../audit.js';
import type { SlackDeps } from '../deps.js';
import { UsageError, type Subcommand, type SubcommandContext } from './subcommand.js';

const slackDate = (at: Date) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString()}>`;

/**
 * A connector that can have alerts: one that receives webhooks, an installed one (a called API
 * has circuit and credential alerts), or one alerts were recorded for.
 */
async function alertConnector(deps: SlackDeps, value: string | undefined, usage: string): Promise<string> {
  if (value === undefined) throw new UsageError(`Which connector? e.g. \`${usage.replace('<connector>', deps.connectors[0] ?? 'stripe')}\``);
  if (deps.connectors.includes(value) || Object.hasOwn(deps.catalog, value)) return value;
  if ((await alertLifecycle(deps).list({ status: 'all', connector: value, limit: 1 })).length > 0) return value;
  throw new UsageError(`No connector "${value}"; try one of: ${[...new Set([...deps.connectors, ...Object.keys(deps.catalog)])].join(', ')}`);
}

function kindArg(value: string | undefined): AlertKind | undefined {
  if (value === undefined) return undefined;
  if (isAlertKind(value)) return value;
  throw new UsageError(`No alert kind "${value}"; one of: ${RuleAlertKinds.join(', ')}, anomaly:error_rate, anomaly:latency_p95, anomaly:throughput`);
}

function durationArg(value: string | undefined): number {
  if (value === undefined) throw new UsageError('For how long? e.g. `/hub mute stripe 2h` (30m, 1h, 2d; at most 30d)');
  try {
    return parseMuteDuration(value);
  } catch (err) {
    if (isHubError(err)) throw new UsageError(`${err.message}, e.g. \`/hub mute stripe 2h\``);
    throw err;
  }
}

/** Operators only; a refused attempt is recorded, and the user told how to become one. */
async function operatorOnly(ctx: SubcommandContext, action: 'mute' | 'unmute', connector: string): Promise<boolean> {
  if (await ctx.deps.operators.isOperator(ctx.userId)) return true;
  await auditRefusal(ctx.deps, { userId: ctx.userId, action, connector, details: { args: ctx.args } });
  await ctx.ack({ text: `Only hub operators may ${action} alerts (${ctx.deps.operators.howToBecomeOne}). Your attempt was recorded.` });
  return false;
}

export const muteCommand: Subcommand = {
  name: 'mute',
  help: ['`/hub mute stripe 2h [kind]` — no alert notifications of stripe (or of one kind) for 2 h; alerts are still recorded (operators only)'],
  async run(ctx) {
    const { args, deps, userId, client } = ctx;
    const connector = await alertConnector(deps, args[0], '/hub mute <connector> 1h');
    const forMs = durationArg(args[1]);
    const kind = kindArg(args[2]);
    if (!(await operatorOnly(ctx, 'mute', connector))) return;
    const { until, alerts } = await alertLifecycle(deps).muteConnector(connector, kind ?? '*', forMs, `slack:${userId}`);
    const what = kind ? `${kind} alerts of *${connector}*` : `every alert of *${connector}*`;
    await ctx.ack({ text: `:mute: Muted ${what} until ${slackDate(until)} (${alerts.length} open alert(s) reached): still recorded, nobody notified. \`/hub unmute ${connector}${kind ? ` ${kind}` : ''}\` lifts it.` });
    await deliverAlertEdits(deps, client, alerts.map((a) => a.id));
  },
};

export const unmuteCommand: Subcommand = {
  name: 'unmute',
  help: ['`/hub unmute stripe [kind]` — lift the mutes of stripe (or of one kind) now (operators only)'],
  async run(ctx) {
    const { args, deps, userId, client } = ctx;
    const connector = await alertConnector(deps, args[0], '/hub unmute <connector>');
    const kind = kindArg(args[1]);
    if (!(await operatorOnly(ctx, 'unmute', connector))) return;
    const lifecycle = alertLifecycle(deps);
    const { removed, alerts } = await lifecycle.unmute(connector, kind, `slack:${userId}`);
    if (removed.length === 0) return void (await ctx.ack({ text: `Nothing of *${connector}*${kind ? ` (${kind})` : ''} is muted.` }));
    const still = (await lifecycle.mutes(connector)).find((m) => m.scope === '*');
    const left = still ? ` Every kind of *${connector}* stays muted until ${slackDate(still.until)} (\`/hub unmute ${connector}\` lifts that too).` : '';
    await ctx.ack({ text: `:loud_sound: Unmuted *${connector}*${kind ? ` ${kind}` : ''}: ${alerts.length} open alert(s) notify again.${left}` });
    await deliverAlertEdits(deps, client, alerts.map((a) => a.id));
  },
};
