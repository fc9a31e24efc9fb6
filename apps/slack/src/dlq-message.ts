import type { types } from '@slack/bolt';
import { OUTCOME_UNKNOWN, type DeadLetter } from '@hub/core/replay';
import { escapeMrkdwn } from '@hub/core/slack-text';
import { age } from './format.js';

type KnownBlock = types.KnownBlock;

export const REPLAY_ACTION = 'hub_replay_event';
export const REPLAY_ALL_ACTION = 'hub_replay_all';
/** Slack allows 50 blocks a message: a header, then up to 40 events. */
const SHOWN = 40;

/** `/hub dlq <connector>`: a Replay all button (with a confirmation), then each dead-lettered or quarantined event with its class, age and a Replay button. */
export function dlqMessage(connector: string, list: readonly DeadLetter[], now = new Date()): { text: string; blocks: KnownBlock[] } {
  if (list.length === 0) return { text: `${connector}: nothing dead-lettered or quarantined`, blocks: [] };
  const text = `${connector}: ${list.length} dead-lettered or quarantined event(s)`;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: 'dlq_header',
      text: { type: 'mrkdwn', text: `*${text}*` },
      accessory: {
        type: 'button',
        action_id: REPLAY_ALL_ACTION,
        text: { type: 'plain_text', text: 'Replay all' },
        style: 'danger',
        value: JSON.stringify({ connector }),
        // Slack shows this dialog before the press is sent: a whole DLQ is not replayed by a slip of the mouse.
        confirm: {
          title: { type: 'plain_text', text: `Replay all ${connector} events?` },
          text: { type: 'mrkdwn', text: `Every event of *${connector}* that is dead-lettered or quarantined when you confirm (${list.length} listed here) goes back to its queue, recorded under your name.` },
          confirm: { type: 'plain_text', text: 'Replay all' },
          deny: { type: 'plain_text', text: 'Cancel' },
          style: 'danger',
        },
      },
    },
  ];
  for (const d of list.slice(0, SHOWN)) {
    // The event type and the error message come from the provider and the payload: escaped.
    const why = escapeMrkdwn([d.code, d.message].filter(Boolean).join(' '), 200);
    const unknown = d.errorClass === OUTCOME_UNKNOWN ? '\n:warning: the request was sent and its answer lost: the provider may have acted; check there before replaying' : '';
    blocks.push({
      type: 'section',
      block_id: `dlq_${d.eventId}`,
      text: { type: 'mrkdwn', text: `\`${d.eventId}\` ${escapeMrkdwn(d.eventType ?? '', 200)}\n${d.status} · ${d.errorClass ?? 'unclassified'} · ${age(d.at, now)} ago${why ? ` · ${why}` : ''}${unknown}` },
      accessory: { type: 'button', action_id: REPLAY_ACTION, text: { type: 'plain_text', text: 'Replay' }, value: JSON.stringify({ eventId: d.eventId, connector }) },
    });
  }
  if (list.length > SHOWN) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `…and ${list.length - SHOWN} more: \`hub dlq ${connector}\`` }] });
  return { text, blocks };
}
