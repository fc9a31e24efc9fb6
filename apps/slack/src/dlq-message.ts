import type { types } from '@slack/bolt';
import type { DeadLetter } from '@hub/core/replay';
import { age } from './format.js';

type KnownBlock = types.KnownBlock;

export const REPLAY_ACTION = 'hub_replay_event';
/** Slack allows 50 blocks a message: a header, then up to 40 events. */
const SHOWN = 40;

/** `/hub dlq <connector>`: each dead-lettered or quarantined event with its class, age and a Replay button. */
export function dlqMessage(connector: string, list: readonly DeadLetter[], now = new Date()): { text: string; blocks: KnownBlock[] } {
  if (list.length === 0) return { text: `${connector}: nothing dead-lettered or quarantined`, blocks: [] };
  const text = `${connector}: ${list.length} dead-lettered or quarantined event(s)`;
  const blocks: KnownBlock[] = [{ type: 'section', text: { type: 'mrkdwn', text: `*${text}*` } }];
  for (const d of list.slice(0, SHOWN)) {
    const why = [d.code, d.message].filter(Boolean).join(' ');
    blocks.push({
      type: 'section',
      block_id: `dlq_${d.eventId}`,
      text: { type: 'mrkdwn', text: `\`${d.eventId}\` ${d.eventType ?? ''}\n${d.status} · ${d.errorClass ?? 'unclassified'} · ${age(d.at, now)} ago${why ? ` · ${why.slice(0, 200)}` : ''}` },
      accessory: { type: 'button', action_id: REPLAY_ACTION, text: { type: 'plain_text', text: 'Replay' }, value: JSON.stringify({ eventId: d.eventId, connector }) },
    });
  }
  if (list.length > SHOWN) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${list.length - SHOWN} more: \`hub dlq ${connector}\`` }] });
  return { text, blocks };
}
