import type pg from 'pg';
import { deriveStatus, EventTypes, LifecycleEventTypes, type EventStore } from '@hub/core/event-store';
import { replayEvents } from '@hub/core/replay';

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
  operators: ReadonlySet<string>;
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

  if (!deps.operators.has(press.userId)) {
    await audit(EventTypes.slackActionRefused, { why: 'not an operator (HUB_SLACK_OPERATORS)' });
    return { outcome: 'refused' };
  }
  const lockClient = await deps.pool.connect();
  try {
    await lockClient.query(`SELECT pg_advisory_lock(hashtext('hub-slack-replay'), hashtext($1))`, [press.eventId]);
    const seen = await deps.pool.query(`SELECT 1 FROM events WHERE stream = $1 AND type = $2 AND data->>'actionTs' = $3 LIMIT 1`, [press.eventId, EventTypes.slackActionRequested, press.actionTs]);
    if (seen.rowCount) return { outcome: 'duplicate' };
    const last = await deps.pool.query<{ type: string }>(`SELECT type FROM events WHERE stream = $1 AND type = ANY($2::text[]) ORDER BY id DESC LIMIT 1`, [press.eventId, LifecycleEventTypes]);
    const status = deriveStatus(last.rows.map((r) => r.type)) ?? 'unknown';
    if (status !== 'dead_lettered' && status !== 'quarantined') {
      await audit(EventTypes.slackActionRequested, { outcome: 'skipped', status });
      return { outcome: 'not_in_dlq', status };
    }
    const report = await replayEvents(deps.pool, { selection: { kind: 'ids', eventIds: [press.eventId] }, actor, reason: 'Replay button in Slack' });
    await audit(EventTypes.slackActionRequested, { outcome: 'replayed', replayId: report.replayId });
    return { outcome: 'replayed', replayId: report.replayId, connector };
  } finally {
    await lockClient.query(`SELECT pg_advisory_unlock(hashtext('hub-slack-replay'), hashtext($1))`, [press.eventId]).catch(() => undefined);
    lockClient.release();
  }
}
