import type { types } from '@slack/bolt';
import type { ConnectorHealth, ErrorClassKey, RecentErrors } from '@hub/core/health';
import { escapeMrkdwn } from '@hub/core/slack-text';
import { age, count, millis, percent } from './format.js';

type KnownBlock = types.KnownBlock;

/** Failing: the circuit is open, or fewer than 90 % of the last hour's events succeeded. */
export function statusOf(h: ConnectorHealth): { emoji: string; word: string } {
  const rate = h.windows['1h'].successRate;
  if (h.circuit === 'open' || (rate !== null && rate < 0.9)) return { emoji: ':red_circle:', word: 'failing' };
  if (h.circuit === 'half_open' || (rate !== null && rate < 0.99)) return { emoji: ':large_yellow_circle:', word: 'degraded' };
  if (rate === null) return { emoji: ':white_circle:', word: 'no traffic' };
  return { emoji: ':large_green_circle:', word: 'healthy' };
}

function summary(h: ConnectorHealth): string {
  const w = h.windows['1h'];
  const { emoji, word } = statusOf(h);
  return `${emoji} *${h.connector}* ${word} — ok ${percent(w.successRate)} (1 h), p95 ${millis(w.latencyMs.p95)}, queue ${count(h.queue.depth)}, DLQ ${count(h.queue.dlq)}, circuit ${h.circuit}`;
}

function detail(h: ConnectorHealth): string[] {
  const lines = Object.entries(h.windows).map(
    ([name, w]) =>
      `\`${name.padEnd(3)}\` received ${w.received}, ok ${percent(w.successRate)}, failed ${w.failed.transient} transient / ${w.failed.permanent} permanent / ${w.failed.dataFormat} data format, quarantined ${w.quarantined}, dead ${w.deadLettered}, p50 ${millis(w.latencyMs.p50)}, p95 ${millis(w.latencyMs.p95)}`,
  );
  const last = h.lastSuccessAt ? `last success ${h.lastSuccessAt.toISOString()}` : 'no success yet';
  return [last, ...lines];
}

const CLASS_TITLES: Record<ErrorClassKey, string> = { transient: 'Transient', permanent: 'Permanent', dataFormat: 'Data format' };

/** One section per class (a section holds 3,000 characters): code, message, age and event id of each. */
function errorSections(errors: RecentErrors, now: Date): KnownBlock[] {
  return (Object.keys(CLASS_TITLES) as ErrorClassKey[]).map((key) => {
    const list = errors[key];
    // Error messages can quote the provider's answer or the payload: escaped.
    const lines = list.map((e) => `• \`${escapeMrkdwn(e.code ?? 'no code', 60)}\` ${escapeMrkdwn(e.message ?? '', 160)} — ${age(e.at, now)} ago, event \`${e.eventId}\``);
    const text = `*${CLASS_TITLES[key]} errors* ${list.length === 0 ? '— none lately' : `(last ${list.length})`}${lines.length ? `\n${lines.join('\n')}` : ''}`;
    return { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } };
  });
}

/** `/hub health [connector]`: one line per connector, or the windows of one and (given) its last errors by class. */
export function healthMessage(health: readonly ConnectorHealth[], oneConnector: boolean, errors?: RecentErrors, now = new Date()): { text: string; blocks: KnownBlock[] } {
  const lines = health.flatMap((h) => (oneConnector ? [summary(h), ...detail(h)] : [summary(h)]));
  const text = lines.join('\n');
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text } }];
  if (errors) blocks.push({ type: 'divider' }, ...errorSections(errors, now));
  return { text, blocks };
}
