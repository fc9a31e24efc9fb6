import type pg from 'pg';
import { EventTypes, LifecycleEventTypes } from '@hub/core/event-store';

/** Where a replayed event ended: processed, dead-lettered again or quarantined (again). */
export type FinalStatus = 'processed' | 'deadLettered' | 'quarantined';

const FINAL: Partial<Record<string, FinalStatus>> = {
  [EventTypes.webhookProcessed]: 'processed',
  [EventTypes.webhookDeadLettered]: 'deadLettered',
  [EventTypes.webhookQuarantined]: 'quarantined',
};

// Asked every few seconds while a replay runs: chunks keep each statement's array parameter small.
const CHUNK = 1_000;

/**
 * The events among `eventIds` whose last lifecycle event is final, with that status; the others
 * (queued, processing, failed and waiting for a retry) are still running. One index walk per
 * stream on events (stream, id). Call it with the ids still running only: a final event stays final.
 */
export async function finalStatuses(pool: Pick<pg.Pool, 'query'>, eventIds: readonly string[]): Promise<Map<string, FinalStatus>> {
  const result = new Map<string, FinalStatus>();
  for (let i = 0; i < eventIds.length; i += CHUNK) {
    const { rows } = await pool.query<{ stream: string; type: string }>(
      `SELECT DISTINCT ON (stream) stream, type FROM events WHERE stream = ANY($1::uuid[]) AND type = ANY($2::text[]) ORDER BY stream, id DESC`,
      [eventIds.slice(i, i + CHUNK), LifecycleEventTypes],
    );
    for (const row of rows) {
      const status = FINAL[row.type];
      if (status) result.set(row.stream, status);
    }
  }
  return result;
}
