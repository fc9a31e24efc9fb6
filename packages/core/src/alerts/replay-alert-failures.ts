import type pg from 'pg';
import { listDeadLetters, OUTCOME_UNKNOWN, replayEvents, type ReplayReport } from '../replay/index.js';
import type { Alert } from './alert-row.js';

/**
 * The failures behind an alert come before it opens: the processor dead-letters an event and then
 * raises, the dlq_growing rule counts the dead letters of the 15 minutes before it opens, an
 * anomaly needs a few bad intervals. So "since the alert opened" reaches this far back.
 */
export const ALERT_FAILURES_LOOKBACK_MS = 15 * 60_000;

/** When the alert's failures start: its opening, less the lookback (or its rule's longer window). */
export function alertFailuresSince(alert: Pick<Alert, 'openedAt' | 'evidence'>): Date {
  const windowMs = typeof alert.evidence.windowMs === 'number' ? alert.evidence.windowMs : 0;
  return new Date(alert.openedAt.getTime() - Math.max(ALERT_FAILURES_LOOKBACK_MS, windowMs));
}

/**
 * "Replay failed": the alert's connector's events that are dead-lettered or quarantined now and
 * failed since the alert's failures started (its sample events whenever they failed), replayed by
 * the same replayEvents as the CLI and the console. A second press finds them queued again, not
 * in the DLQ, and replays nothing.
 */
export async function replayAlertFailures(pool: pg.Pool, alert: Pick<Alert, 'connector' | 'openedAt' | 'evidence' | 'sampleEventIds'>, actor: string): Promise<ReplayReport & { since: Date }> {
  const since = alertFailuresSince(alert);
  const samples = new Set(alert.sampleEventIds);
  const failed = (await listDeadLetters(pool, alert.connector, { includeQuarantined: true, limit: 100_000 })).filter((d) => d.at >= since || samples.has(d.eventId));
  // As in a DLQ replay, an event whose last call may have had its effect is left to an operator, by id.
  const outcomeUnknown = failed.filter((d) => d.errorClass === OUTCOME_UNKNOWN).map((d) => d.eventId);
  const report = await replayEvents(pool, {
    selection: { kind: 'ids', eventIds: failed.filter((d) => d.errorClass !== OUTCOME_UNKNOWN).map((d) => d.eventId) },
    actor,
    reason: `Replay failed on the ${alert.connector} alert`,
  });
  return { ...report, outcomeUnknown, since };
}
