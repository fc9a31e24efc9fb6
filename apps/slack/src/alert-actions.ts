import type { App, webApi } from '@slack/bolt';
import { AlertActions, AlertDelivery, AlertLifecycle, driftEventTypeOf, replayAlertFailures, type Alert } from '@hub/core/alerts';
import { acceptDrift } from '@hub/core/drift';
import { EventTypes } from '@hub/core/event-store';
import { createOutboundHttp } from '@hub/core/processing';
import { appHome } from './app-home.js';
import { auditRefusal } from './audit.js';
import type { SlackDeps } from './deps.js';
import { ephemeral } from './reply.js';
import { withAdvisoryLock } from './advisory-lock.js';

/** The operator actions of an alert's buttons, as the audit events name them. */
export type AlertAction = 'acknowledge' | 'mute' | 'replay_failed';

export interface AlertPress {
  userId: string;
  alertId: string;
  action: AlertAction;
  /** Slack's action_ts: the same press delivered again (a retry) carries the same one. */
  actionTs: string;
}

export type AlertPressOutcome =
  | { outcome: 'refused' }
  | { outcome: 'not_found' }
  | { outcome: 'duplicate' }
  | { outcome: 'resolved'; alert: Alert }
  | { outcome: 'acknowledged' | 'already_acknowledged'; alert: Alert }
  | { outcome: 'drift_accepted'; alert: Alert }
  | { outcome: 'muted' | 'already_muted'; alert: Alert }
  | { outcome: 'replayed'; alert: Alert; replayed: number; replayId: string; since: Date };

const MUTE_MS = 3_600_000;
/** A Mute 1 h pressed again within a minute (a double press) moves the end by less than that: nothing to do. */
const MUTE_AGAIN_MS = 60_000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ACTION_BY_ID: Record<string, AlertAction> = { [AlertActions.acknowledge]: 'acknowledge', [AlertActions.mute1h]: 'mute', [AlertActions.replay]: 'replay_failed' };

/** The lifecycle without notification targets: a change queues what the alert's raise had (the worker configured those). */
export const alertLifecycle = (deps: Pick<SlackDeps, 'pool' | 'store' | 'log'>) => new AlertLifecycle({ pool: deps.pool, store: deps.store, log: deps.log });

/**
 * Runs one press of Acknowledge, Mute 1 h or Replay failed. Operators only (a refusal is audited);
 * under an advisory lock per alert, a press runs once per action_ts (Slack's retries), and a second
 * press finds the work done (acknowledged already, muted already, the DLQ emptied). Every press
 * that gets this far is a slack.action_requested on the alert's stream, with the Slack user as actor.
 */
export async function pressAlertAction(deps: Pick<SlackDeps, 'pool' | 'store' | 'log' | 'operators'>, press: AlertPress): Promise<AlertPressOutcome> {
  const lifecycle = alertLifecycle(deps);
  const found = UUID.test(press.alertId) ? await lifecycle.get(press.alertId) : undefined;
  if (!found) return { outcome: 'not_found' };
  const details = { alertId: found.id, actionTs: press.actionTs };
  if (!(await deps.operators.isOperator(press.userId))) {
    await auditRefusal(deps, { userId: press.userId, action: press.action, connector: found.connector, stream: found.id, details });
    return { outcome: 'refused' };
  }
  const actor = `slack:${press.userId}`;
  return withAdvisoryLock(deps.pool, 'hub-slack-alert', found.id, async () => {
    const seen = await deps.pool.query(`SELECT 1 FROM events WHERE stream = $1 AND type = $2 AND data->>'action' = $3 AND data->>'actionTs' = $4 LIMIT 1`, [
      found.id,
      EventTypes.slackActionRequested,
      press.action,
      press.actionTs,
    ]);
    if (seen.rowCount) return { outcome: 'duplicate' } as const;
    const result = await act(deps, lifecycle, press.action, actor, (await lifecycle.get(found.id)) ?? found);
    const extra = result.outcome === 'replayed' ? { replayId: result.replayId, replayed: result.replayed } : {};
    await deps.store.append([{ stream: found.id, connector: found.connector, type: EventTypes.slackActionRequested, actor, data: { action: press.action, ...details, outcome: result.outcome, ...extra } }]);
    return result;
  });
}

async function act(deps: Pick<SlackDeps, 'pool' | 'store'>, lifecycle: AlertLifecycle, action: AlertAction, actor: string, alert: Alert): Promise<AlertPressOutcome> {
  if (action === 'replay_failed') {
    const report = await replayAlertFailures(deps.pool, alert, actor);
    return { outcome: 'replayed', alert, replayed: report.replayed, replayId: report.replayId, since: report.since };
  }
  if (alert.status === 'resolved') return { outcome: 'resolved', alert };
  if (action === 'acknowledge') {
    const { alert: after, acknowledged } = await lifecycle.acknowledge(alert.id, actor);
    // A drift acknowledged is a drift expected (the provider added a field): the new shape becomes the baseline.
    const eventType = driftEventTypeOf(alert.kind);
    if (eventType) {
      await acceptDrift({ pool: deps.pool, store: deps.store, alerts: lifecycle }, { connector: alert.connector, eventType, actor });
      return { outcome: 'drift_accepted', alert: (await lifecycle.get(alert.id)) ?? after };
    }
    return { outcome: acknowledged ? 'acknowledged' : 'already_acknowledged', alert: after };
  }
  if (alert.mutedUntil && alert.mutedUntil.getTime() >= Date.now() + MUTE_MS - MUTE_AGAIN_MS) return { outcome: 'already_muted', alert };
  return { outcome: 'muted', alert: await lifecycle.mute(alert.id, MUTE_MS, actor) };
}

const deliveries = new WeakMap<object, AlertDelivery>();

/**
 * Edits the alerts' Slack messages now instead of at the worker's next tick: the same AlertDelivery,
 * with the bot token and API of the request's client and no channel, so it only edits messages
 * already posted (and leaves posts and webhooks to the worker).
 */
export async function deliverAlertEdits(deps: Pick<SlackDeps, 'pool' | 'log' | 'consoleUrl'>, client: webApi.WebClient, alertIds: readonly string[]): Promise<void> {
  let delivery = deliveries.get(deps);
  if (!delivery) {
    // The Slack API host is the app's own configuration (a fake Slack on loopback in tests), not a user's input.
    const send = createOutboundHttp({ timeoutMs: 10_000, allowedHosts: new Set([new URL(client.slackApiUrl).hostname]) });
    delivery = new AlertDelivery({ pool: deps.pool, log: deps.log, send, slack: { token: client.token ?? '', apiUrl: client.slackApiUrl }, consoleUrl: deps.consoleUrl });
    deliveries.set(deps, delivery);
  }
  for (const alertId of alertIds) {
    await delivery.deliverDue({ alertId }).catch((err: unknown) => deps.log.warn({ err, alertId }, 'alert message edit failed; the worker retries it'));
  }
}

const slackDate = (at: Date) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString()}>`;
const mention = (actor: string | null) => (actor?.startsWith('slack:') ? `<@${actor.slice(6)}>` : `\`${actor ?? 'someone'}\``);

/** What the presser is told (only they see it). */
export function pressAnswer(result: AlertPressOutcome, howToBecomeOne: string): string | undefined {
  const name = 'alert' in result ? `*${result.alert.kind}* on *${result.alert.connector}*` : '';
  switch (result.outcome) {
    case 'refused':
      return `Only hub operators may acknowledge, mute or replay (${howToBecomeOne}). Your attempt was recorded.`;
    case 'not_found':
      return 'This alert is not in the hub (any more).';
    case 'duplicate':
      return undefined; // a retried delivery of a press already answered
    case 'resolved':
      return `${name} is resolved already: nothing done.`;
    case 'acknowledged':
      return `:eyes: You acknowledged ${name}; its message says so.`;
    case 'drift_accepted':
      return `:white_check_mark: You accepted the drift of ${name} as expected: the new shape is the baseline and the alert is resolved.`;
    case 'already_acknowledged':
      return `${name} was acknowledged already by ${mention(result.alert.acknowledgedBy)}.`;
    case 'muted':
      return `:mute: ${name} is muted until ${slackDate(result.alert.mutedUntil ?? new Date())}: still recorded, nobody notified. \`/hub unmute ${result.alert.connector}\` lifts it.`;
    case 'already_muted':
      return `${name} is muted already, until ${slackDate(result.alert.mutedUntil ?? new Date())}.`;
    case 'replayed':
      return result.replayed === 0
        ? `Nothing to replay: no ${result.alert.connector} event is dead-lettered or quarantined since ${slackDate(result.since)}.`
        : `:repeat: Replayed ${result.replayed} failed ${result.alert.connector} event(s) since ${slackDate(result.since)} (replay ${result.replayId}).`;
  }
}

/**
 * The alert buttons, wherever they are (the alert's message, `/hub alerts`, the App Home). The
 * message is edited right away; the presser's answer is ephemeral, or a note on their Home tab
 * when the press came from there (a Home has no response_url). Open in console is a link: its
 * press is only acknowledged.
 */
export function registerAlertActions(app: App, deps: SlackDeps): void {
  app.action(AlertActions.openConsole, async ({ ack }) => ack());
  for (const actionId of [AlertActions.acknowledge, AlertActions.mute1h, AlertActions.replay]) {
    app.action(actionId, async ({ ack, body, action, respond, client }) => {
      await ack();
      if (body.type !== 'block_actions' || action.type !== 'button' || !('action_ts' in action)) return;
      const result = await pressAlertAction(deps, { userId: body.user.id, alertId: action.value ?? '', action: ACTION_BY_ID[actionId] as AlertAction, actionTs: action.action_ts });
      if ('alert' in result && result.outcome !== 'replayed') await deliverAlertEdits(deps, client, [result.alert.id]);
      const text = pressAnswer(result, deps.operators.howToBecomeOne);
      if (!text) return;
      if (body.response_url) await respond(ephemeral({ text }));
      else await appHome(app)?.note(body.user.id, text, client);
    });
  }
}
