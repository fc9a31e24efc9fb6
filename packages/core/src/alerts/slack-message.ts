import { escapeMrkdwn } from '../slack-text/index.js';
import type { SchemaDiff } from '../drift/shape-diff.js';
import type { Alert } from './alert-row.js';

/** Block Kit as chat.postMessage / chat.update take it: `text` is the notification fallback. */
export interface SlackMessage {
  text: string;
  blocks: Record<string, unknown>[];
}

/** The action ids of the alert buttons: the Slack app handles them, so they never change. */
export const AlertActions = {
  replay: 'alert_replay',
  mute1h: 'alert_mute_1h',
  acknowledge: 'alert_acknowledge',
  openConsole: 'alert_open_console',
} as const;

const ICON = { critical: ':red_circle:', error: ':large_orange_circle:', warning: ':large_yellow_circle:' } as const;
const plain = (text: string) => ({ type: 'plain_text', text, emoji: true });
const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });
// Slack renders <!date^…> in the reader's time zone, with the ISO text as fallback.
const slackDate = (at: Date) => `<!date^${Math.floor(at.getTime() / 1000)}^{date_short_pretty} {time}|${at.toISOString()}>`;
/** `slack:U123` mentions the user; other actors (`cli:alice`, `api:ops@example.com`) are shown as they are. */
const who = (actor: string) => (/^slack:[UW][A-Z0-9]+$/.test(actor) ? `<@${actor.slice('slack:'.length)}>` : `\`${escapeMrkdwn(actor)}\``);

/** Evidence as `key: value` pairs (payload and provider text escaped), cut to `max` characters (a context element holds 3,000). */
function summarize(values: Record<string, unknown> | null, max = 2_900): string {
  if (!values) return '—';
  const text = Object.entries(values)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' · ');
  return escapeMrkdwn(text, max) || '—';
}

function metricValue(metric: unknown, value: number): string {
  if (metric === 'error_rate') return `${(value * 100).toFixed(1)} %`;
  if (metric === 'latency_p95') return `${Math.round(value)} ms`;
  if (metric === 'throughput') return `${value.toFixed(2)} events/s`;
  return String(Number(value.toFixed(3)));
}

/** A schema drift's field-level diff. Field names come from payloads, so anyone who can send one chooses them: escaped. */
function driftLine(diff: SchemaDiff): string {
  // As inline code, `*bold*` or `_x_` in a field name shows as typed; a backtick cannot close it early.
  const code = (path: string) => `\`${path.replaceAll('`', "'")}\``;
  const parts = [
    diff.added.length > 0 ? `added: ${diff.added.map((f) => `${code(f.path)} (${f.type})`).join(', ')}` : '',
    diff.removed.length > 0 ? `removed: ${diff.removed.map((f) => `${code(f.path)} (${f.type})`).join(', ')}` : '',
    diff.retyped.length > 0 ? `retyped: ${diff.retyped.map((f) => `${code(f.path)} ${f.from} → ${f.to}`).join(', ')}` : '',
  ];
  return escapeMrkdwn(parts.filter((p) => p !== '').join('; '), 900) || '—';
}

/** The one line that says what is wrong: an anomaly's value against its baseline, or the rule's figures. */
export function evidenceLine(alert: Pick<Alert, 'evidence'>): string {
  const e = alert.evidence;
  if (typeof e.value === 'number' && typeof e.baseline === 'number') {
    return `${metricValue(e.metric, e.value)} vs baseline ${metricValue(e.metric, e.baseline)}${typeof e.baselineSource === 'string' ? ` (${escapeMrkdwn(e.baselineSource)})` : ''}`;
  }
  if (typeof e.deadLettered === 'number') return `${e.deadLettered} dead-lettered in ${Math.round(Number(e.windowMs) / 60_000)} min (threshold ${String(e.threshold)})`;
  if (Array.isArray(e.added) && Array.isArray(e.removed) && Array.isArray(e.retyped)) return driftLine(e as unknown as SchemaDiff);
  if (Array.isArray(e.circuits)) return escapeMrkdwn(`open circuits: ${e.circuits.map((c: { circuit?: unknown }) => String(c.circuit)).join(', ')}`, 300);
  // An error message can quote the provider's answer or the payload (an issue title): escaped.
  const said = [e.code, e.message ?? e.reason].filter((v) => typeof v === 'string' && v !== '').join(' ');
  return said ? escapeMrkdwn(said, 300) : summarize(e, 300);
}

/** Who acknowledged it and whether it is muted, for the message's context and the App Home. */
export function alertStatusLines(alert: Alert): string[] {
  const lines: string[] = [];
  if (alert.acknowledgedBy) lines.push(`:eyes: Acknowledged by ${who(alert.acknowledgedBy)}${alert.acknowledgedAt ? ` ${slackDate(alert.acknowledgedAt)}` : ''}`);
  if (alert.status === 'open' && alert.mutedUntil) lines.push(`:mute: Muted until ${slackDate(alert.mutedUntil)}${alert.mutedBy ? ` by ${who(alert.mutedBy)}` : ''}`);
  return lines;
}

/**
 * The buttons of an alert (value: its id): Replay failed (behind a confirmation), Mute 1 h,
 * Acknowledge (until someone has) and Open in console. A resolved alert keeps only the link.
 */
export function alertButtons(alert: Alert, consoleUrl: string): Record<string, unknown>[] {
  const open = { type: 'button', action_id: AlertActions.openConsole, text: plain('Open in console'), url: `${consoleUrl.replace(/\/$/, '')}/alerts/${alert.id}` };
  if (alert.status === 'resolved') return [open];
  const replay = {
    type: 'button',
    action_id: AlertActions.replay,
    text: plain('Replay failed'),
    value: alert.id,
    style: 'primary',
    confirm: {
      title: plain('Replay the failed events?'),
      text: { type: 'mrkdwn', text: `Every *${alert.connector}* event dead-lettered or quarantined since this alert opened goes through its queue again (side effects keep their idempotency keys).`.slice(0, 300) },
      confirm: plain('Replay'),
      deny: plain('Cancel'),
    },
  };
  const mute = { type: 'button', action_id: AlertActions.mute1h, text: plain('Mute 1 h'), value: alert.id };
  const acknowledge = { type: 'button', action_id: AlertActions.acknowledge, text: plain('Acknowledge'), value: alert.id };
  return [replay, mute, ...(alert.acknowledgedBy ? [] : [acknowledge]), open];
}

/** The alert's title, as the header and the App Home show it. */
export function alertTitle(alert: Alert): string {
  const resolved = alert.status === 'resolved';
  return `${resolved ? '✅ Resolved' : `${alert.severity === 'warning' ? '⚠️' : '🚨'} ${alert.severity.toUpperCase()}`}: ${alert.kind} on ${alert.connector}`.slice(0, 150);
}

/**
 * The alert's message: header, fields (connector, kind, severity, count, since, evidence vs
 * baseline), context (the evidence in full, sample events, who acknowledged, the mute, the
 * resolution) and the buttons. Every later state is a chat.update of this same message.
 */
export function slackMessage(alert: Alert, consoleUrl: string): SlackMessage {
  const resolved = alert.status === 'resolved';
  const title = alertTitle(alert);
  const fields = [
    field('Connector', alert.connector),
    field('Kind', alert.kind),
    field('Severity', alert.severity),
    field('Count', String(alert.occurrences)),
    field('Since', slackDate(alert.openedAt)),
    field(typeof alert.evidence.baseline === 'number' ? 'Evidence vs baseline' : 'Evidence', evidenceLine(alert)),
    ...(resolved && alert.resolvedAt ? [field('Resolved', slackDate(alert.resolvedAt))] : []),
  ];
  const context = [{ type: 'mrkdwn', text: summarize(alert.evidence) }];
  if (alert.sampleEventIds.length > 0) context.push({ type: 'mrkdwn', text: `sample events: ${alert.sampleEventIds.join(', ')}` });
  for (const line of alertStatusLines(alert)) context.push({ type: 'mrkdwn', text: line });
  if (resolved) context.push({ type: 'mrkdwn', text: `resolution: ${summarize(alert.resolution)}` });
  return {
    text: `${resolved ? ':white_check_mark:' : ICON[alert.severity]} ${title.replace(/^\S+ /, '')}`,
    blocks: [
      { type: 'header', text: plain(title) },
      { type: 'section', fields },
      { type: 'context', elements: context },
      { type: 'actions', block_id: 'alert_actions', elements: alertButtons(alert, consoleUrl) },
    ],
  };
}
