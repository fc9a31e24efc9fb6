import type pg from 'pg';
import { backoffDelayMs } from '../backoff/index.js';
import { isHubError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { redactText } from '../redact/index.js';
import type { SendHttp } from '../processing/outbound-http.js';
import type { AlertTarget, AlertTransition } from './alert-outbox.js';
import { alertColumns, toAlert, type Alert, type AlertRow } from './alert-row.js';
import { sendToWebhook, type WebhookTarget } from './alert-webhook.js';
import { slackMessage } from './slack-message.js';
import { sendToSlack, type SlackTarget } from './slack-sender.js';

export interface AlertDeliveryOptions {
  pool: pg.Pool;
  log: Logger;
  /** The SSRF-guarded outbound client. */
  send: SendHttp;
  /** Without a channel, this sender only edits messages already posted (the Slack app does that right after an operator's press). */
  slack?: (Omit<SlackTarget, 'channel'> & { channel?: string | undefined }) | undefined;
  webhook?: WebhookTarget | undefined;
  /** Base URL of the console, for the "Open in console" button. */
  consoleUrl: string;
  /** After this many failed attempts a delivery is given up (and logged). */
  maxAttempts?: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** A claimed delivery is retried by anyone after this long (its sender died). */
  leaseMs?: number;
  batchSize?: number;
  now?: () => Date;
  /** Jitter source (tests may pin it). */
  random?: () => number;
}

interface DeliveryRow {
  id: string;
  alert_id: string;
  target: AlertTarget;
  transition: AlertTransition;
  attempts: number;
}

/** `skipped`: an edit of a Slack message that was never posted (nothing to edit, nothing sent). */
export type DeliveryOutcome = 'delivered' | 'skipped' | 'retry' | 'gave_up' | 'waiting';

/** What a sender may claim: the targets it is configured for (a Slack post needs a channel). */
const CLAIMABLE = `((target = 'slack' AND $4::boolean AND (transition <> 'raised' OR $5::boolean)) OR (target = 'webhook' AND $6::boolean))`;

/**
 * Sends the notifications AlertLifecycle queued in alert_deliveries. Runs on its own timer, so a
 * slow or failing Slack never holds up detection or webhook processing. Rows are claimed with
 * FOR UPDATE SKIP LOCKED and a lease (any replica may send; a crashed sender's rows come back),
 * sent one at a time in order, and retried with full-jitter exponential backoff, Retry-After as a floor.
 * A sender claims only what it is configured to send, and the Slack calls of one alert take turns
 * (an advisory lock per alert, the message rendered inside it): two senders editing the same
 * message cannot leave it showing the older state.
 */
export class AlertDelivery {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private readonly now: () => Date;

  constructor(private readonly options: AlertDeliveryOptions) {
    this.now = options.now ?? (() => new Date());
  }

  start(intervalMs: number): void {
    this.timer = setInterval(() => {
      this.running ??= this.deliverDue()
        .catch((err: unknown) => this.options.log.warn({ err }, 'alert delivery pass failed; retried next tick'))
        .finally(() => (this.running = undefined));
    }, intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Sends what is due (of one alert: the Slack app, right after an operator changed it); returns each claimed delivery's outcome. */
  async deliverDue(only: { alertId?: string } = {}): Promise<DeliveryOutcome[]> {
    const { pool, slack, webhook, leaseMs = 60_000, batchSize = 20 } = this.options;
    const now = this.now();
    const { rows } = await pool.query<DeliveryRow>(
      `UPDATE alert_deliveries SET attempts = attempts + 1, next_attempt_at = $2
       WHERE id IN (SELECT id FROM alert_deliveries WHERE delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= $1
                    AND ${CLAIMABLE} AND ($7::uuid IS NULL OR alert_id = $7)
                    ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING id, alert_id, target, transition, attempts`,
      [now, new Date(now.getTime() + leaseMs), batchSize, Boolean(slack), Boolean(slack?.channel), Boolean(webhook), only.alertId ?? null],
    );
    const outcomes: DeliveryOutcome[] = [];
    // In id order: a resolve's chat.update needs the ts its raise's postMessage saved.
    for (const row of rows.sort((a, b) => Number(a.id) - Number(b.id))) outcomes.push(await this.deliver(row));
    return outcomes;
  }

  private async deliver(row: DeliveryRow): Promise<DeliveryOutcome> {
    const { pool, log, send, webhook } = this.options;
    const now = this.now();
    try {
      if (row.target === 'slack') {
        const outcome = await this.toSlack(row, now);
        if (outcome !== 'delivered') return outcome;
      } else {
        if (!webhook) throw new TypeError('webhook delivery queued but no webhook is configured');
        const alert = await this.alert(row.alert_id, now);
        await sendToWebhook(send, webhook, { type: `alert.${row.transition}`, alert, sentAt: now.toISOString() }, row.id, now.getTime());
      }
      await pool.query(`UPDATE alert_deliveries SET delivered_at = $2, last_error = NULL WHERE id = $1`, [row.id, now]);
      log.info({ alertId: row.alert_id, target: row.target, transition: row.transition, attempts: row.attempts }, 'alert delivered');
      return 'delivered';
    } catch (err) {
      return this.failed(row, err, now);
    }
  }

  /** Posts the message (raised) or edits it (every later transition), holding the alert's Slack turn. */
  private async toSlack(row: DeliveryRow, now: Date): Promise<DeliveryOutcome> {
    const { pool, log, send, slack, consoleUrl } = this.options;
    if (!slack) throw new TypeError('slack delivery queued but Slack is not configured');
    const outcome = await this.withSlackTurn(row.alert_id, async (): Promise<DeliveryOutcome> => {
      const alert = await this.alert(row.alert_id, now);
      const update = row.transition === 'raised' ? undefined : (alert.slack ?? undefined);
      if (row.transition !== 'raised' && !update) {
        // The raise is still being retried: wait for its ts instead of posting a second message.
        if (await this.raisePending(row.alert_id)) return this.later(row, now);
        if (row.transition !== 'resolved') {
          // Never posted (its raise was given up): an edit has nothing to edit. A resolve still posts, so the outcome is known.
          await pool.query(`UPDATE alert_deliveries SET delivered_at = $2, last_error = 'no Slack message to edit' WHERE id = $1`, [row.id, now]);
          log.info({ alertId: row.alert_id, transition: row.transition }, 'alert delivery skipped: no Slack message to edit');
          return 'skipped';
        }
      }
      if (!update && !slack.channel) return this.later(row, now); // a sender without a channel leaves posts to one that has it
      const posted = await sendToSlack(send, { ...slack, channel: slack.channel ?? '' }, slackMessage(alert, consoleUrl), update, now.getTime());
      if (!update) await pool.query(`UPDATE alerts SET slack_channel = $2, slack_ts = $3 WHERE id = $1`, [alert.id, posted.channel, posted.ts]);
      return 'delivered';
    });
    return outcome === 'busy' ? this.later(row, now) : outcome; // busy: another sender is posting or editing this message
  }

  /** Runs `work` holding the alert's Slack turn (a session advisory lock); 'busy' while another sender holds it. */
  private async withSlackTurn<T>(alertId: string, work: () => Promise<T>): Promise<T | 'busy'> {
    const client = await this.options.pool.connect();
    let clean = false;
    try {
      const { rows } = await client.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext('hub-alert-slack'), hashtext($1)) AS ok`, [alertId]);
      if (!rows[0]?.ok) {
        clean = true;
        return 'busy';
      }
      try {
        return await work();
      } finally {
        clean = await client.query(`SELECT pg_advisory_unlock(hashtext('hub-alert-slack'), hashtext($1))`, [alertId]).then(
          () => true,
          () => false,
        );
      }
    } finally {
      // A connection that may still hold the lock is closed rather than pooled: closing it frees the lock.
      client.release(!clean);
    }
  }

  /** Back in the queue in a second, without counting an attempt. */
  private async later(row: DeliveryRow, now: Date): Promise<DeliveryOutcome> {
    await this.options.pool.query(`UPDATE alert_deliveries SET attempts = attempts - 1, next_attempt_at = $2 WHERE id = $1`, [row.id, new Date(now.getTime() + 1_000)]);
    return 'waiting';
  }

  private async failed(row: DeliveryRow, err: unknown, now: Date): Promise<DeliveryOutcome> {
    const { pool, log, maxAttempts = 10, baseDelayMs = 2_000, maxDelayMs = 10 * 60_000, random = Math.random } = this.options;
    // last_error is shown by the console and `hub alerts`: masked like everything else about alerts.
    const message = redactText(err instanceof Error ? err.message : String(err));
    const retryable = isHubError(err) ? err.retryable : !(err instanceof TypeError);
    if (!retryable || row.attempts >= maxAttempts) {
      await pool.query(`UPDATE alert_deliveries SET gave_up_at = $2, last_error = $3 WHERE id = $1`, [row.id, now, message]);
      log.error({ err, alertId: row.alert_id, target: row.target, transition: row.transition, attempts: row.attempts }, 'alert delivery given up');
      return 'gave_up';
    }
    const delay = backoffDelayMs(row.attempts, { baseDelayMs, maxDelayMs }, { floorMs: isHubError(err) ? err.retryAfterMs : 0, random });
    await pool.query(`UPDATE alert_deliveries SET next_attempt_at = $2, last_error = $3 WHERE id = $1`, [row.id, new Date(now.getTime() + delay), message]);
    log.warn({ err, alertId: row.alert_id, target: row.target, attempts: row.attempts, nextAttemptInMs: delay }, 'alert delivery failed; retrying');
    return 'retry';
  }

  private async raisePending(alertId: string): Promise<boolean> {
    const { rows } = await this.options.pool.query(
      `SELECT 1 FROM alert_deliveries WHERE alert_id = $1 AND target = 'slack' AND transition = 'raised' AND delivered_at IS NULL AND gave_up_at IS NULL`,
      [alertId],
    );
    return rows.length > 0;
  }

  private async alert(id: string, now: Date): Promise<Alert> {
    const { rows } = await this.options.pool.query<AlertRow>(`SELECT ${alertColumns('$2')} FROM alerts a WHERE a.id = $1`, [id, now]);
    return toAlert(rows[0] as AlertRow);
  }
}
