import type { RespondArguments, types } from '@slack/bolt';
import { listDeadLetters } from '@hub/core/replay';
import type { SlackDeps } from './deps.js';
import { dlqMessage } from './dlq-message.js';

/** The connector's DLQ as `/hub dlq` shows it now (dead-lettered and quarantined, the newest 100). */
export async function currentDlq(deps: Pick<SlackDeps, 'pool'>, connector: string): Promise<{ text: string; blocks: types.KnownBlock[] }> {
  return dlqMessage(connector, await listDeadLetters(deps.pool, connector, { includeQuarantined: true, limit: 100 }));
}

/** After a Replay button: the DLQ list replaced in place, with a line saying what was done and by whom. */
export async function dlqAfterReplay(deps: Pick<SlackDeps, 'pool'>, connector: string, done: string): Promise<RespondArguments> {
  const list = await currentDlq(deps, connector);
  const blocks: types.KnownBlock[] = [...list.blocks, { type: 'context', elements: [{ type: 'mrkdwn', text: done }] }];
  return { response_type: 'ephemeral', replace_original: true, text: `${done}\n${list.text}`, blocks };
}

/** One field of a button's JSON value (`{"eventId","connector"}`); '' when missing or unreadable. */
export function buttonField(value: string | undefined, field: 'eventId' | 'connector'): string {
  try {
    return String((JSON.parse(value ?? '{}') as Record<string, unknown>)[field] ?? '');
  } catch {
    return '';
  }
}
