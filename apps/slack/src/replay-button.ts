import type pg from 'pg';
import { escapeMrkdwn } from '@hub/core/slack-text';
import type { App } from '@slack/bolt';
import { deriveStatus, EventTypes, LifecycleEventTypes, type EventStore } from '@hub/core/event-store';
import { replayEvents } from '@hub/core/replay';
import { withAdvisoryLock } from './advisory-lock.js';
import { auditRefusal } from './audit.js';
import type { SlackDeps } from './deps.js';
import { REPLAY_ACTION } from './dlq-message.js';
import { buttonField, dlqAfterReplay } from './dlq-replies.js';
import type { OperatorCheck } from './operators.js';
import { ephemeral } from './reply.js';

export interface ReplayPress {
  userId: string;
  eventId: string;
  /** Slack's action_ts: the same press delivered again (a retry) carries the same one. */
  actionTs: string;
}

export type ReplayOutcome =
  | { outcome: 'refused' }
  | { outcome: 'not_found' }
  | { outcome: 'duplicate' }
  | { outcome: 'not_in_dlq'; status: string }
  | { outcome: 'replayed'; replayId: string; connector: string };

export interface ReplayButtonDeps {
  pool: pg.Pool;
  store: EventStore;
  operators: Pick<OperatorCheck, 'isOperator'>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The Replay button: the same replayEvents as the CLI and the API, with the Slack user as actor.
 * A press runs once per event and action_ts (Slack retries), and only while the event is still
 * dead-lettered or quarantined (a second press finds it queued or processed): a session advisory
 * lock per event makes the check and the replay one step across app instances.
 */
export async function pressReplay(deps: ReplayButtonDeps, press: ReplayPress): Promise<ReplayOutcome> {
  if (!UUID.test(press.eventId)) return { outcome: 'not_found' };
  const received = await deps.pool.query<{ connector: string }>(`SELECT connector FROM events WHERE id = $1 AND type = $2`, [press.eventId, EventTypes.webhookReceived]);
  const connector = received.rows[0]?.connector;
  if (!connector) return { outcome: 'not_found' };
  const actor = `slack:${press.userId}`;
  const audit = (type: string, data: Record<string, unknown>) =>
    deps.store.append([{ stream: press.eventId, connector, type, actor, data: { action: 'replay', eventId: press.eventId, actionTs: press.actionTs, ...data } }]);

  if (!(await deps.operators.isOperator(press.userId))) {
    await auditRefusal(deps, { userId: press.userId, action: 'replay', connector, stream: press.eventId, details: { eventId: press.eventId, actionTs: press.actionTs } });
    return { outcome: 'refused' };
  }
  return withAdvisoryLock(deps.pool, 'hub-slack-replay', press.eventId, async (): Promise<ReplayOutcome> => {
    const seen = await deps.pool.query(`SELECT 1 FROM events WHERE stream = $1 AND type = $2 AND data->>'actionTs' = $3 LIMIT 1`, [press.eventId, EventTypes.slackActionRequested, press.actionTs]);
    if (seen.rowCount) return { outcome: 'duplicate' };
    const last = await deps.pool.query<{ type: string }>(`SELECT type FROM events WHERE stream = $1 AND type = ANY($2::text[]) ORDER BY id DESC LIMIT 1`, [press.eventId, LifecycleEventTypes]);
    const status = deriveStatus(last.rows.map((r) => r.type)) ?? 'unknown';
    if (status !== 'dead_lettered' && status !== 'quarantined') {
      await audit(EventTypes.slackActionRequested, { outcome: 'skipped', status });
      return { outcome: 'not_in_dlq', status };
    }
    const report = await replayEvents(deps.pool, { selection: { kind: 'ids', eventIds: [press.eventId] }, actor, reason: 'Replay button in Slack' });
    // A replay from the CLI or the console can take the event between the check above and here.
    const skipped = report.skipped[0];
    if (skipped) {
      await audit(EventTypes.slackActionRequested, { outcome: 'skipped', status: skipped.reason });
      return { outcome: 'not_in_dlq', status: skipped.reason };
    }
    await audit(EventTypes.slackActionRequested, { outcome: 'replayed', replayId: report.replayId });
    return { outcome: 'replayed', replayId: report.replayId, connector };
  });
}

/** The Replay button of `/hub dlq`: replays one event and updates the list in place. */
export function registerReplayButton(app: App, deps: SlackDeps): void {
  app.action(REPLAY_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    if (body.type !== 'block_actions' || action.type !== 'button' || !('action_ts' in action)) return;
    const eventId = buttonField(action.value, 'eventId');
    const result = await pressReplay(deps, { userId: body.user.id, eventId, actionTs: action.action_ts });
    switch (result.outcome) {
      case 'refused':
        return void (await respond(ephemeral({ text: `Only hub operators may replay events (${deps.operators.howToBecomeOne}). Your attempt was recorded.` })));
      case 'not_found':
        return void (await respond(ephemeral({ text: `No webhook event \`${escapeMrkdwn(eventId, 100)}\` in this hub.` })));
      case 'duplicate':
        return; // a retried delivery of a press already answered
      case 'not_in_dlq':
        return void (await respond(ephemeral({ text: `\`${eventId}\` is ${result.status} now, not in the DLQ: nothing replayed.` })));
      case 'replayed': {
        // The DLQ message is updated in place: the replayed event leaves the list, a line says who replayed it.
        const done = `:repeat: Replayed \`${eventId}\` for <@${body.user.id}> (replay ${result.replayId}).`;
        return void (await respond(await dlqAfterReplay(deps, result.connector, done)));
      }
    }
  });
}
