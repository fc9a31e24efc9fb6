import type { Alert } from './alert-row.js';

/** Block Kit as chat.postMessage / chat.update take it: `text` is the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

const ICON = { critical: ':red_circle:', error: ':large_orange_circle:', warning: ':large_yellow_circle:' } as const;
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });
// Slack renders <!date^…> in the reader's time zone, with the ISO text as fallback.
const slackDate = (at: Date) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString()}>`;

/** Evidence as `key: value` pairs, cut to what a context element holds (3,000 characters). */
function summarize(values: Record<string, unknown> | null): string {
  if (!values) return '—';
  const text = Object.entries(values)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
  return text.length > 2_900 ? `${text.slice(0, 2_900)}…` : text || '—';
}

/**
 * The alert's message: header, fields, context with the evidence and, while it is open, the
 * buttons the Slack app handles (`alert_replay`, `alert_mute_1h`, value = alert id) and a link
 * to the console. A resolved alert's message keeps only the link.
 */
export function slackMessage(alert: Alert, consoleUrl: string): SlackMessage {
  const resolved = alert.status === 'resolved';
  const title = `${resolved ? 'Resolved' : alert.severity.toUpperCase()}: ${alert.kind} on ${alert.connector}`.slice(0, 150);
  const open = { type: 'button', action_id: 'alert_open_console', text: plain('Open in console'), url: `${consoleUrl.replace(/\/$/, '')}/alerts/${alert.id}` };
  const fields = [
    field('Connector', alert.connector),
    field('Kind', alert.kind),
    field('Severity', alert.severity),
    field('Count', String(alert.occurrences)),
    field('Since', slackDate(alert.openedAt)),
    ...(resolved && alert.resolvedAt ? [field('Resolved', slackDate(alert.resolvedAt))] : []),
  ];
  const context = [{ type: 'mrkdwn', text: summarize(alert.evidence) }];
  if (alert.sampleEventIds.length > 0) context.push({ type: 'mrkdwn', text: `sample events: ${alert.sampleEventIds.join(', ')}` });
  if (resolved) context.push({ type: 'mrkdwn', text: `resolution: ${summarize(alert.resolution)}` });
  const buttons = resolved
    ? [open]
    : [
        { type: 'button', action_id: 'alert_replay', text: plain('Replay failed'), value: alert.id, style: 'primary' },
        { type: 'button', action_id: 'alert_mute_1h', text: plain('Mute 1 h'), value: alert.id },
        open,
      ];
  return {
    text: `${resolved ? ':white_check_mark:' : ICON[alert.severity]} ${title}`,
    blocks: [
      { type: 'header', text: plain(`${resolved ? '✅' : alert.severity === 'warning' ? '⚠️' : '🚨'} ${title}`.slice(0, 150)) },
      { type: 'section', fields },
      { type: 'context', elements: context },
      { type: 'actions', block_id: 'alert_actions', elements: buttons },
    ],
  };
}
