import { setTimeout as sleep } from 'node:timers/promises';
import type pg from 'pg';
import { age } from '../format.js';
import { finalStatuses, type FinalStatus } from './final-statuses.js';
import type { ReplayReporter } from './replay-reporter.js';

export interface FollowReplayOptions {
  /** Named in the final message, for the console and `hub` commands. */
  replayId?: string;
  /** How often the event store is asked (default 3 s). */
  pollMs?: number;
  /** Least time between two progress messages (default 5 s); it doubles after each, up to 1 min, so a long replay posts a dozen, not hundreds. */
  progressGapMs?: number;
  /** Stop following after this long (default 10 min): the final message then counts what is still running. */
  timeoutMs?: number;
}

export type ReplayCounts = Record<FinalStatus | 'running', number>;

export interface FollowResult {
  counts: ReplayCounts;
  timedOut: boolean;
}

const MAX_PROGRESS_GAP_MS = 60_000;

export function countsText(c: ReplayCounts): string {
  const parts = [`${c.processed} processed`, `${c.deadLettered} dead-lettered again`, `${c.quarantined} quarantined`];
  if (c.running > 0) parts.push(`${c.running} still running`);
  return parts.join(' · ');
}

function finalText({ counts, timedOut }: FollowResult, timeoutMs: number, replayId: string | undefined): string {
  const failed = counts.deadLettered + counts.quarantined;
  const replay = replayId ? `replay \`${replayId}\`` : 'the replay';
  if (timedOut) return `:hourglass: Stopped following ${replay} after ${age(new Date(0), new Date(timeoutMs))}: ${countsText(counts)}. \`/hub dlq\` and the console show where the rest stand.`;
  return `${failed === 0 ? ':white_check_mark:' : ':warning:'} Replay finished: ${countsText(counts)}${replayId ? ` (replay \`${replayId}\`)` : ''}.${failed > 0 ? ' `/hub dlq` lists the failed ones.' : ''}`;
}

/**
 * Follows replayed events until each is final (processed, dead-lettered again, quarantined) or
 * the timeout passes, posting progress at most every `progressGapMs` (and only when it changed),
 * then the counts. However many events, the messages stay few.
 */
export async function followReplay(pool: Pick<pg.Pool, 'query'>, eventIds: readonly string[], reporter: ReplayReporter, options: FollowReplayOptions = {}): Promise<FollowResult> {
  const pollMs = options.pollMs ?? 3_000;
  const timeoutMs = options.timeoutMs ?? 600_000;
  let gapMs = options.progressGapMs ?? 5_000;
  const started = Date.now();
  const running = new Set(eventIds);
  const counts: ReplayCounts = { processed: 0, deadLettered: 0, quarantined: 0, running: running.size };
  let lastProgressAt = started;
  let lastText = '';
  let timedOut = false;
  while (running.size > 0) {
    await sleep(pollMs);
    for (const [eventId, status] of await finalStatuses(pool, [...running])) {
      running.delete(eventId);
      counts[status] += 1;
    }
    counts.running = running.size;
    if (running.size === 0) break;
    if (Date.now() - started >= timeoutMs) {
      timedOut = true;
      break;
    }
    const text = `${eventIds.length - running.size}/${eventIds.length} done: ${countsText(counts)}`;
    if (Date.now() - lastProgressAt >= gapMs && text !== lastText && reporter.progressLeft > 0) {
      await reporter.progress(text);
      lastProgressAt = Date.now();
      lastText = text;
      gapMs = Math.min(gapMs * 2, Math.max(MAX_PROGRESS_GAP_MS, gapMs));
    }
  }
  const result = { counts: { ...counts }, timedOut };
  await reporter.final(finalText(result, timeoutMs, options.replayId));
  return result;
}
