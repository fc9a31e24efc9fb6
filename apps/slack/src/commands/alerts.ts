import type { types } from '@slack/bolt';
import { escapeMrkdwn } from '@hub/core/slack-text';
import { AlertLifecycle, alertButtons, alertStatusLines, evidenceLine, type Alert, type AlertMute } from '@hub/core/alerts';
import type { Subcommand } from './subcommand.js';

type KnownBlock = types.KnownBlock;

const ICON = { critical: ':red_circle:', error: ':large_orange_circle:', warning: ':large_yellow_circle:' } as const;
const slackDate = (at: Date) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString()}>`;
const muteLine = (m: AlertMute) => `:mute: *${m.connector}* ${m.scope === '*' ? 'all kinds' : m.scope} muted until ${slackDate(m.until)} by ${m.by.startsWith('slack:') ? `<@${m.by.slice(6)}>` : `\`${escapeMrkdwn(m.by)}\``}`;

/**
 * Open alerts, each a section (what, since when, evidence, who acknowledged, the mute) and its
 * buttons, then the mutes in force. `shown` alerts at most (a message holds 50 blocks, a Home 100).
 */
export function alertListBlocks(alerts: readonly Alert[], mutes: readonly AlertMute[], consoleUrl: string, shown: number): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  for (const alert of alerts.slice(0, shown)) {
    const head = `${ICON[alert.severity]} *${alert.kind}* on *${alert.connector}* — ${alert.severity}, ${alert.occurrences}×, since ${slackDate(alert.openedAt)}`;
    const text = [head, evidenceLine(alert), ...alertStatusLines(alert)].join('\n').slice(0, 3_000);
    blocks.push({ type: 'section', block_id: `alert_${alert.id}`, text: { type: 'mrkdwn', text } });
    blocks.push({ type: 'actions', block_id: `alert_actions_${alert.id}`, elements: alertButtons(alert, consoleUrl) as unknown as types.ActionsBlockElement[] });
  }
  if (alerts.length > shown) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${alerts.length - shown} more: \`hub alerts list\` or the console` }] });
  if (mutes.length > 0) blocks.push({ type: 'context', elements: mutes.slice(0, 10).map((m) => ({ type: 'mrkdwn', text: muteLine(m) })) });
  return blocks;
}

export const alertsCommand: Subcommand = {
  name: 'alerts',
  help: ['`/hub alerts` — open alerts, newest first, each with *Replay failed* / *Mute 1 h* / *Acknowledge* (operators only), and the mutes in force'],
  async run({ deps, ack, respond }) {
    await ack();
    const lifecycle = new AlertLifecycle({ pool: deps.pool, store: deps.store, log: deps.log });
    const [alerts, mutes] = await Promise.all([lifecycle.list({ status: 'open', limit: 200 }), lifecycle.mutes()]);
    const text = alerts.length === 0 ? 'No open alerts.' : `${alerts.length} open alert(s)`;
    await respond({ text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } }, ...alertListBlocks(alerts, mutes, deps.consoleUrl, 20)] });
  },
};
