import type pg from 'pg';
import type { Alert } from './alert-row.js';

/** Where notifications of alerts go; each configured target gets one delivery per transition. */
export type AlertTarget = 'slack' | 'webhook';

/**
 * What a delivery tells. `raised` posts the Slack message; every later transition edits that
 * message in place (chat.update: an edit notifies nobody) and reaches the webhook as `alert.<transition>`.
 */
export const AlertTransitions = ['raised', 'resolved', 'acknowledged', 'muted', 'unmuted'] as const;
export type AlertTransition = (typeof AlertTransitions)[number];

/** Queues one delivery per target, in the transaction that changed the alert. */
export async function queueDeliveries(db: pg.PoolClient, alertId: string, transition: AlertTransition, targets: readonly AlertTarget[], now: Date): Promise<void> {
  if (targets.length === 0) return;
  await db.query(`INSERT INTO alert_deliveries (alert_id, target, transition, next_attempt_at) SELECT $1, t, $2, $3 FROM unnest($4::text[]) AS t`, [alertId, transition, now, targets]);
}

/**
 * Who hears of a transition after the raise: whoever was told of the raise (an alert raised while
 * muted told nobody, and stays quiet). The Slack message is only edited, so it always follows; a
 * mute in force silences the webhook, except for the mute's own start and end, which are the news.
 */
export async function toldTargets(db: pg.PoolClient, alert: Pick<Alert, 'id' | 'mutedUntil'>, transition: Exclude<AlertTransition, 'raised'>): Promise<AlertTarget[]> {
  const { rows } = await db.query<{ target: AlertTarget }>(`SELECT DISTINCT target FROM alert_deliveries WHERE alert_id = $1 AND transition = 'raised' ORDER BY target`, [alert.id]);
  const muteNews = transition === 'muted' || transition === 'unmuted';
  return rows.map((r) => r.target).filter((t) => t === 'slack' || muteNews || alert.mutedUntil === null);
}
