import type pg from 'pg';
import { EventTypes, type EventStore } from '@hub/core/event-store';
import { replayEvents, selectForReplay, type ReplayReport } from '@hub/core/replay';
import { auditRefusal } from '../audit.js';
import type { OperatorCheck } from '../operators.js';
import { withAdvisoryLock } from '../advisory-lock.js';
import type { ReplayArgs } from './parse-replay-args.js';
import { requestStream } from './request-stream.js';

export interface ReplayRequestDeps {
  pool: pg.Pool;
  store: EventStore;
  operators: Pick<OperatorCheck, 'isOperator'>;
}

export interface SlackReplayRequest {
  userId: string;
  /** The slash command's trigger_id: a retried delivery of the same command carries the same one. */
  triggerId: string;
  args: ReplayArgs;
  /** The command as typed, recorded as the reason when `--reason` is not given. */
  commandText: string;
  /** After each chunk is queued (a large replay queues for a while): the first call is the moment to say it started. */
  onQueued?: (progress: { done: number; total: number; connectors: string[]; missing: string[] }) => void;
}

export type SlackReplayOutcome =
  | { outcome: 'refused' }
  | { outcome: 'duplicate' }
  /** Nothing matched (missing: ids asked for that are not webhook events of this hub). */
  | { outcome: 'nothing'; missing: string[] }
  | { outcome: 'dry_run'; report: ReplayReport; connectors: string[] }
  | { outcome: 'replayed'; report: ReplayReport; connectors: string[] };

/** Events queued per second at most, as `hub replay`'s default --rate: a large replay does not flood the connector's queue. */
export const REPLAY_RATE_PER_SECOND = 200;

/**
 * `/hub replay`: the same replayEvents as the CLI and the console, with the Slack user as actor.
 * Operators only (a refusal is audited as slack.action_refused); the request is audited
 * (slack.action_requested) under a stream derived from its trigger_id. A retried delivery of the
 * same command — Bolt hands retries to the handler like any request — finds that event under the
 * same advisory lock and does nothing, so it neither replays nor answers twice.
 */
export async function requestReplay(deps: ReplayRequestDeps, request: SlackReplayRequest): Promise<SlackReplayOutcome> {
  const { selection } = request.args;
  const stream = requestStream('replay', request.triggerId);
  const connector = selection.kind === 'window' ? selection.connector : 'hub';
  const summary = { triggerId: request.triggerId, selection: request.args.describe, dryRun: request.args.dryRun };
  return withAdvisoryLock(deps.pool, 'hub-slack-replay-request', request.triggerId, async (): Promise<SlackReplayOutcome> => {
    const seen = await deps.pool.query(`SELECT 1 FROM events WHERE stream = $1 AND type = ANY($2::text[]) LIMIT 1`, [stream, [EventTypes.slackActionRequested, EventTypes.slackActionRefused]]);
    if (seen.rowCount) return { outcome: 'duplicate' };
    if (!(await deps.operators.isOperator(request.userId))) {
      await auditRefusal(deps, { userId: request.userId, action: 'replay', connector, stream, details: summary });
      return { outcome: 'refused' };
    }
    // Event ids may belong to several connectors: the messages name them, and the ids that are not events.
    const picked = selection.kind === 'ids' ? await selectForReplay(deps.pool, selection) : undefined;
    const connectors = picked ? [...new Set(picked.found.map((f) => f.connector))] : [connector];
    const missing = picked?.missing ?? [];
    const actor = `slack:${request.userId}`;
    const report = await replayEvents(deps.pool, {
      selection,
      actor,
      reason: request.args.reason ?? `${request.commandText} (Slack)`.slice(0, 500),
      dryRun: request.args.dryRun,
      ratePerSecond: REPLAY_RATE_PER_SECOND,
      ...(request.onQueued ? { onProgress: (p: { done: number; total: number }) => request.onQueued?.({ ...p, connectors, missing }) } : {}),
    });
    const outcome = report.selected === 0 ? 'nothing' : report.dryRun ? 'dry_run' : 'replayed';
    await deps.store.append([
      {
        stream,
        connector: connectors.length === 1 ? (connectors[0] ?? connector) : connector,
        type: EventTypes.slackActionRequested,
        actor,
        data: { action: 'replay', ...summary, outcome, ...(outcome === 'replayed' ? { replayId: report.replayId } : {}), selected: report.selected, replayed: report.replayed, missing: report.missing.slice(0, 50) },
      },
    ]);
    if (outcome === 'nothing') return { outcome, missing: report.missing };
    return { outcome, report, connectors };
  });
}
