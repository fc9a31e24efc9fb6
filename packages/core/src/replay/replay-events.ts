import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { hubError } from '../errors/index.js';
import { queueReplays, replaySkips, type SkippedReplay } from './queue-replays.js';
import { selectForReplay, type ReplaySelection } from './select-for-replay.js';

export interface ReplayRequest {
  selection: ReplaySelection;
  /** Who asked (`cli:alice`, `api:token`, `slack:U123`): recorded on every webhook.replayed. */
  actor: string;
  /** Why: recorded with the replay. */
  reason: string;
  /** Count what would be replayed; write nothing. */
  dryRun?: boolean;
  /** Events queued per second at most, so a large replay does not flood the connector's queue. */
  ratePerSecond?: number;
  onProgress?: (progress: { done: number; total: number }) => void;
}

export interface ReplayReport {
  replayId: string;
  dryRun: boolean;
  selected: number;
  /** Queued again (a dry run: 0). */
  replayed: number;
  /** Selected but already queued or processing (a dry run: as it stands now): not queued a second time. */
  skipped: SkippedReplay[];
  /**
   * Dead-lettered as outcome_unknown (the provider may have acted) and so left out of a DLQ
   * replay: each is the operator's decision, replayed by id.
   */
  outcomeUnknown: string[];
  /** Ids that were asked for but are not webhook events of this hub. */
  missing: string[];
  eventIds: string[];
}

const CHUNK = 100;

/** Replays events from the event store (not from SQS): one domain function for the API, the CLI and Slack. */
export async function replayEvents(pool: pg.Pool, request: ReplayRequest, onQueued: () => void = () => undefined): Promise<ReplayReport> {
  if (!request.reason.trim()) throw hubError('HUB_BAD_REQUEST', 'say why you replay (--reason): it is recorded with the replay');
  const { found, missing, outcomeUnknown } = await selectForReplay(pool, request.selection);
  const replayId = randomUUID();
  const report: ReplayReport = { replayId, dryRun: Boolean(request.dryRun), selected: found.length, replayed: 0, skipped: [], outcomeUnknown, missing, eventIds: found.map((f) => f.eventId) };
  if (found.length === 0) return report;
  if (request.dryRun) return { ...report, skipped: await replaySkips(pool, report.eventIds) };

  const rate = Math.max(1, request.ratePerSecond ?? 500);
  const data = JSON.stringify({ replayId, reason: request.reason });
  for (let i = 0; i < found.length; i += CHUNK) {
    const started = Date.now();
    const chunk = found.slice(i, i + CHUNK);
    const { queued, skipped } = await queueReplays(pool, chunk, { replayId, data, actor: request.actor });
    report.replayed += queued;
    report.skipped.push(...skipped);
    onQueued();
    const done = Math.min(found.length, i + chunk.length);
    request.onProgress?.({ done, total: found.length });
    const minimumMs = (queued / rate) * 1000;
    const elapsed = Date.now() - started;
    if (done < found.length && elapsed < minimumMs) await new Promise((resolve) => setTimeout(resolve, minimumMs - elapsed));
  }
  return report;
}
