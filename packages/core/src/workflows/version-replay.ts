import { randomUUID } from 'node:crypto';
import { hubError } from '../errors/index.js';
import { EventStore, EventTypes } from '../event-store/index.js';
import { queueReplays, type SkippedReplay } from '../replay/queue-replays.js';
import type { ReplayPin } from './replay-pin.js';
import { readVersionReplayWindow, type VersionReplayWindow } from './version-replay-window.js';

export interface VersionReplayRequest extends VersionReplayWindow {
  /** Who asked: recorded on every webhook.replayed and on the workflow's workflow.replay_requested. */
  actor: string;
  /** Why: recorded with the replay (default: "replay against v<N>"). */
  reason?: string | undefined;
}

export interface VersionReplayReport {
  replayId: string;
  /** Queued again, each pinned to the workflow and version. */
  queued: number;
  eventIds: string[];
  /** In the window but already waiting in their queue or being processed: not queued a second time. */
  skipped: SkippedReplay[];
}

const CHUNK = 100;

/**
 * Queues the stored webhooks of the version's trigger received in the window again, each pinned
 * to (workflow, version) in its webhook.replayed (replayPinOf): the worker runs that workflow at
 * that version only — no route, no other workflow — so its calls carry that version's idempotency
 * keys and a call that version already made is not made again. The workflow must be enabled
 * (a disabled one runs nothing: HUB_WORKFLOW_OPERATION_INVALID). Recorded on the workflow's stream
 * as workflow.replay_requested with the actor.
 */
export async function replayVersion(request: VersionReplayRequest): Promise<VersionReplayReport> {
  const { pool, name, version, actor } = request;
  const { workflow, definition, events } = await readVersionReplayWindow(request);
  if (workflow.status === 'disabled') throw hubError('HUB_WORKFLOW_OPERATION_INVALID', `${name} is disabled and would run nothing; enable it first ("hub workflows enable ${name}")`);
  const replayId = randomUUID();
  const reason = request.reason?.trim() || `replay against v${version}`;
  const pin: ReplayPin = { name, version };
  const data = JSON.stringify({ replayId, reason, workflow: pin });
  const report: VersionReplayReport = { replayId, queued: 0, eventIds: [], skipped: [] };
  const connector = definition.trigger.connector;
  for (let i = 0; i < events.length; i += CHUNK) {
    const chunk = events.slice(i, i + CHUNK).map((e) => ({ eventId: e.eventId, connector }));
    const { queued, skipped } = await queueReplays(pool, chunk, { replayId, data, actor });
    const skippedIds = new Set(skipped.map((s) => s.eventId));
    report.queued += queued;
    report.skipped.push(...skipped);
    report.eventIds.push(...chunk.map((e) => e.eventId).filter((id) => !skippedIds.has(id)));
  }
  await new EventStore(pool).append([
    {
      stream: workflow.id,
      connector,
      type: EventTypes.workflowReplayRequested,
      actor,
      data: { name, version, from: request.from.toISOString(), to: (request.to ?? new Date()).toISOString(), replayId, reason, queued: report.queued, skipped: report.skipped.length },
    },
  ]);
  return report;
}
