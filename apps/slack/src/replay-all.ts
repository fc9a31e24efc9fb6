import type { App } from '@slack/bolt';
import { escapeMrkdwn } from '@hub/core/slack-text';
import { EventTypes } from '@hub/core/event-store';
import { replayEvents } from '@hub/core/replay';
import { auditRefusal } from './audit.js';
import type { SlackDeps } from './deps.js';
import { REPLAY_ALL_ACTION } from './dlq-message.js';
import { buttonField, dlqAfterReplay } from './dlq-replies.js';
import { ephemeral } from './reply.js';
import { withAdvisoryLock } from './advisory-lock.js';
import { REPLAY_RATE_PER_SECOND } from './replay/request-replay.js';
import { requestStream } from './replay/request-stream.js';

export interface ReplayAllPress {
  userId: string;
  connector: string;
  /** Slack's action_ts: a retried delivery of the press carries the same one. */
  actionTs: string;
}

export type ReplayAllOutcome =
  | { outcome: 'refused' }
  | { outcome: 'unknown_connector' }
  | { outcome: 'duplicate' }
  /** skipped: already queued by another replay; outcomeUnknown: left in the DLQ for an operator to decide one by one. */
  | { outcome: 'replayed'; replayId: string; replayed: number; skipped: number; outcomeUnknown: number };

/**
 * Replay all: every dead-lettered and quarantined event of one connector, through the same
 * replayEvents as the CLI (`hub replay --connector <id> --dlq --include-quarantined`), with the
 * Slack user as actor. Operators only (refusals audited). Under an advisory lock per connector a
 * press is handled once per action_ts (Slack retries); a second press finds the DLQ already
 * emptied by the first, and replays only what dead-lettered since.
 */
export async function pressReplayAll(deps: Pick<SlackDeps, 'pool' | 'store' | 'operators' | 'connectors'>, press: ReplayAllPress): Promise<ReplayAllOutcome> {
  if (!deps.connectors.includes(press.connector)) return { outcome: 'unknown_connector' };
  const stream = requestStream('replay_all', `${press.connector}:${press.actionTs}`);
  return withAdvisoryLock(deps.pool, 'hub-slack-replay-all', press.connector, async (): Promise<ReplayAllOutcome> => {
    const seen = await deps.pool.query(`SELECT 1 FROM events WHERE stream = $1 AND type = ANY($2::text[]) LIMIT 1`, [stream, [EventTypes.slackActionRequested, EventTypes.slackActionRefused]]);
    if (seen.rowCount) return { outcome: 'duplicate' };
    if (!(await deps.operators.isOperator(press.userId))) {
      await auditRefusal(deps, { userId: press.userId, action: 'replay_all', connector: press.connector, stream, details: { actionTs: press.actionTs } });
      return { outcome: 'refused' };
    }
    const actor = `slack:${press.userId}`;
    const report = await replayEvents(deps.pool, {
      selection: { kind: 'dlq', connector: press.connector, includeQuarantined: true },
      actor,
      reason: 'Replay all button in Slack',
      ratePerSecond: REPLAY_RATE_PER_SECOND,
    });
    await deps.store.append([
      {
        stream,
        connector: press.connector,
        type: EventTypes.slackActionRequested,
        actor,
        data: { action: 'replay_all', actionTs: press.actionTs, ...(report.replayed > 0 ? { outcome: 'replayed', replayId: report.replayId } : { outcome: 'nothing' }), replayed: report.replayed },
      },
    ]);
    return { outcome: 'replayed', replayId: report.replayId, replayed: report.replayed, skipped: report.skipped.length, outcomeUnknown: report.outcomeUnknown.length };
  });
}

/** The Replay all button of `/hub dlq` (Slack asks for confirmation first); the list is updated in place with the result. */
export function registerReplayAllButton(app: App, deps: SlackDeps): void {
  app.action(REPLAY_ALL_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_ts' in action)) return;
    const connector = buttonField(action.value, 'connector');
    const result = await pressReplayAll(deps, { userId: body.user.id, connector, actionTs: action.action_ts });
    switch (result.outcome) {
      case 'refused':
        return void (await respond(ephemeral({ text: `Only hub operators may replay events (${deps.operators.howToBecomeOne}). Your attempt was recorded; nothing was replayed.` })));
      case 'unknown_connector':
        return void (await respond(ephemeral({ text: `No connector "${escapeMrkdwn(connector, 100)}" here: nothing replayed.` })));
      case 'duplicate':
        return; // a retried delivery of a press already answered
      case 'replayed': {
        const replayed =
          result.replayed === 0
            ? `Nothing of ${connector} was dead-lettered or quarantined any more when <@${body.user.id}> pressed Replay all: nothing replayed.`
            : `:repeat: <@${body.user.id}> replayed all ${result.replayed} dead-lettered and quarantined ${connector} event${result.replayed === 1 ? '' : 's'} (replay \`${result.replayId}\`).`;
        const skipped = result.skipped > 0 ? ` ${result.skipped} already queued by another replay: not queued again.` : '';
        const unknown = result.outcomeUnknown > 0 ? ` ${result.outcomeUnknown} outcome_unknown left in the list: the provider may have acted, so each is replayed by itself once checked there.` : '';
        const done = `${replayed}${skipped}${unknown}`;
        return void (await respond(await dlqAfterReplay(deps, connector, done)));
      }
    }
  });
}
