import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { withTransaction } from '../db/index.js';
import { hubError } from '../errors/index.js';
import { EventTypes, type EventStore } from '../event-store/index.js';
import type { Logger } from '../logger/index.js';
import { redactValue } from '../redact/index.js';
import { defaultSeverity, type AlertKind, type AlertSeverity } from './alert-kind.js';
import { applyMute, liftMutes, listMutes, type AlertMute, type MuteContext, type MuteScope } from './alert-mutes.js';
import { queueDeliveries, toldTargets, type AlertTarget } from './alert-outbox.js';
import { alertColumns, toAlert, type Alert, type AlertRow } from './alert-row.js';

export type { AlertTarget } from './alert-outbox.js';

export interface AlertLifecycleOptions {
  pool: pg.Pool;
  store: EventStore;
  log: Logger;
  /** Configured notification targets; none: alerts are recorded, nobody is told. */
  targets?: readonly AlertTarget[];
  /** The clock (tests inject one). */
  now?: () => Date;
}

export interface OpenAlert {
  /** Default: by kind (circuit_open and credentials_invalid critical, permanent_failure error, others warning). */
  severity?: AlertSeverity;
  /** The numbers behind it (and the baseline, for an anomaly); the latest replaces the previous. */
  evidence: Record<string, unknown>;
  /** A failed event to keep as a sample (the first 5 are kept). */
  sampleEventId?: string;
  /** true: an occurrence of an already open alert is not counted (for conditions re-checked on every tick). */
  onlyIfNew?: boolean;
}

export interface OpenResult {
  alert: Alert;
  /** This call opened the alert (alert.raised appended); false: it counted one more occurrence. */
  opened: boolean;
}

const SEVERITY_RANK = `array_position(ARRAY['warning','error','critical'], `;

const UPSERT_SQL = `
INSERT INTO alerts AS a (id, connector, kind, severity, evidence, sample_event_ids, opened_at, last_seen_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
ON CONFLICT (connector, kind) WHERE status = 'open' DO UPDATE SET
  occurrences = a.occurrences + 1,
  evidence = EXCLUDED.evidence,
  last_seen_at = GREATEST(a.last_seen_at, EXCLUDED.last_seen_at),
  severity = CASE WHEN ${SEVERITY_RANK}EXCLUDED.severity) > ${SEVERITY_RANK}a.severity) THEN EXCLUDED.severity ELSE a.severity END,
  sample_event_ids = CASE WHEN cardinality(a.sample_event_ids) >= 5 OR EXCLUDED.sample_event_ids <@ a.sample_event_ids
                          THEN a.sample_event_ids ELSE a.sample_event_ids || EXCLUDED.sample_event_ids END
RETURNING a.id, (xmax = 0) AS inserted`;

const INSERT_ONLY_SQL = `
INSERT INTO alerts (id, connector, kind, severity, evidence, sample_event_ids, opened_at, last_seen_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7)
ON CONFLICT (connector, kind) WHERE status = 'open' DO NOTHING
RETURNING id, true AS inserted`;

/**
 * One OPEN alert per connector and kind, kept in PostgreSQL: the partial unique index
 * `alerts_one_open` makes every replica's upsert either open the alert or count an occurrence on
 * it, in one statement, so two workers failing at once never raise twice. Opening, resolving,
 * acknowledging and muting append their event (stream: the alert id) and queue the notifications
 * in the same transaction; sending them is AlertDelivery's job, so nothing here waits on Slack.
 */
export class AlertLifecycle {
  private readonly now: () => Date;

  constructor(private readonly options: AlertLifecycleOptions) {
    this.now = options.now ?? (() => new Date());
  }

  /** Opens the connector's alert of this kind, or counts one more occurrence of the open one. */
  async open(connector: string, kind: AlertKind, input: OpenAlert): Promise<OpenResult | undefined> {
    const now = this.now();
    // The alerts' redaction boundary: evidence (an error message, a URL, a failed call) is masked
    // before the alerts table, the event and the log, and so before every message built from it.
    const evidence = redactValue(input.evidence) as Record<string, unknown>;
    const severity = input.severity ?? defaultSeverity(kind);
    const samples = input.sampleEventId ? [input.sampleEventId] : [];
    return withTransaction(this.options.pool, async (db) => {
      const { rows } = await db.query<{ id: string; inserted: boolean }>(input.onlyIfNew ? INSERT_ONLY_SQL : UPSERT_SQL, [uuidv7(), connector, kind, severity, evidence, samples, now]);
      const row = rows[0];
      if (!row) return undefined; // onlyIfNew and already open
      const alert = await this.read(db, row.id, now);
      if (!row.inserted) return { alert, opened: false };
      const muted = alert.mutedUntil !== null;
      await this.options.store.append(
        [{ stream: alert.id, connector, type: EventTypes.alertRaised, data: { alertId: alert.id, kind, severity, evidence, sampleEventIds: samples, muted } }],
        db,
      );
      if (!muted) await queueDeliveries(db, alert.id, 'raised', this.options.targets ?? [], now);
      this.options.log.error({ connector, kind, severity, alertId: alert.id, muted, evidence }, 'alert raised');
      return { alert, opened: true };
    });
  }

  /** Resolves the connector's open alert of this kind, if there is one (the anomaly runner's and the evaluator's entry point). */
  async resolve(connector: string, kind: AlertKind, resolution: Record<string, unknown>, guard?: { lastSeenAt: Date }): Promise<Alert | undefined> {
    return this.resolveWhere('connector = $3 AND kind = $4', [connector, kind], resolution, guard);
  }

  /** An operator resolves an alert by id (console, CLI); undefined when it is not open. */
  async resolveById(id: string, actor: string): Promise<Alert | undefined> {
    return this.resolveWhere('id = $3', [id], { by: actor });
  }

  /**
   * An operator takes the open alert ("someone is on it"): alert.acknowledged, and its message says
   * by whom. The first acknowledgement stands; another (a second operator, a double press) or one
   * of a resolved alert changes nothing: `acknowledged: false` with the alert as it is.
   */
  async acknowledge(id: string, actor: string): Promise<{ alert: Alert; acknowledged: boolean }> {
    const now = this.now();
    return withTransaction(this.options.pool, async (db) => {
      const { rowCount } = await db.query(`UPDATE alerts SET acknowledged_by = $2, acknowledged_at = $3 WHERE id = $1 AND status = 'open' AND acknowledged_by IS NULL`, [id, actor, now]);
      const alert = await this.read(db, id, now);
      if (!rowCount) return { alert, acknowledged: false };
      await this.options.store.append([{ stream: id, connector: alert.connector, type: EventTypes.alertAcknowledged, actor, data: { alertId: id, kind: alert.kind } }], db);
      await queueDeliveries(db, id, 'acknowledged', await toldTargets(db, alert, 'acknowledged'), now);
      this.options.log.info({ connector: alert.connector, kind: alert.kind, alertId: id, actor }, 'alert acknowledged');
      return { alert, acknowledged: true };
    });
  }

  /** Silences notifications of the alert's connector and kind for `forMs` (this alert and any reopened in that time). */
  async mute(id: string, forMs: number, actor: string): Promise<Alert> {
    return this.muting(actor, async (ctx) => {
      const alert = await this.find(ctx.db, id, ctx.now);
      if (!alert) throw hubError('HUB_ALERT_NOT_FOUND', `no alert ${id}`);
      await applyMute(ctx, alert.connector, alert.kind, forMs, alert);
      return this.read(ctx.db, id, ctx.now);
    });
  }

  /** Silences one kind of the connector's alerts, or all of them ('*'), for `forMs`; returns the open alerts it reached. */
  async muteConnector(connector: string, scope: MuteScope, forMs: number, actor: string): Promise<{ until: Date; alerts: Alert[] }> {
    return this.muting(actor, async (ctx) => ({ until: new Date(ctx.now.getTime() + forMs), alerts: await applyMute(ctx, connector, scope, forMs) }));
  }

  /** Lifts the connector's mute of one kind, or all its mutes; `removed` is empty when nothing was muted. */
  async unmute(connector: string, kind: AlertKind | undefined, actor: string): Promise<{ removed: AlertMute[]; alerts: Alert[] }> {
    return this.muting(actor, (ctx) => liftMutes(ctx, connector, kind));
  }

  /**
   * Open alerts raised while muted told nobody. Once no mute covers one (it ran out or was lifted)
   * and it is still open, it is announced as a raise would have been: one `raised` delivery per
   * target, once (the alert's row is locked and the check repeated, so replicas evaluating at
   * the same moment announce it once). Returns the alerts announced.
   */
  async announceUnmuted(): Promise<Alert[]> {
    const targets = this.options.targets ?? [];
    if (targets.length === 0) return [];
    const { rows } = await this.options.pool.query<{ id: string }>(
      `SELECT a.id FROM alerts a WHERE a.status = 'open' AND NOT EXISTS (SELECT 1 FROM alert_deliveries d WHERE d.alert_id = a.id AND d.transition = 'raised')`,
    );
    const announced: Alert[] = [];
    for (const { id } of rows) {
      const now = this.now();
      const alert = await withTransaction(this.options.pool, async (db) => {
        const locked = await db.query(`SELECT 1 FROM alerts WHERE id = $1 AND status = 'open' FOR UPDATE`, [id]);
        const told = await db.query(`SELECT 1 FROM alert_deliveries WHERE alert_id = $1 AND transition = 'raised' LIMIT 1`, [id]);
        if (!locked.rowCount || told.rowCount) return undefined;
        const current = await this.read(db, id, now);
        if (current.mutedUntil !== null) return undefined;
        await this.options.store.append([{ stream: id, connector: current.connector, type: EventTypes.alertAnnounced, data: { alertId: id, kind: current.kind, openedAt: current.openedAt.toISOString() } }], db);
        await queueDeliveries(db, id, 'raised', targets, now);
        return current;
      });
      if (alert) {
        this.options.log.error({ connector: alert.connector, kind: alert.kind, alertId: alert.id }, 'alert raised while muted is still open now that no mute covers it: announced');
        announced.push(alert);
      }
    }
    return announced;
  }

  /** Mutes in force now (of one connector). */
  async mutes(connector?: string): Promise<AlertMute[]> {
    return listMutes(this.options.pool, this.now(), connector);
  }

  async get(id: string): Promise<Alert | undefined> {
    return this.find(this.options.pool, id, this.now());
  }

  /** Newest first. */
  async list({ status = 'open', connector, limit = 200 }: { status?: 'open' | 'resolved' | 'all'; connector?: string; limit?: number } = {}): Promise<Alert[]> {
    const { rows } = await this.options.pool.query<AlertRow>(
      `SELECT ${alertColumns('$1')} FROM alerts a
       WHERE ($2::text = 'all' OR a.status = $2) AND ($3::text IS NULL OR a.connector = $3)
       ORDER BY a.opened_at DESC LIMIT $4`,
      [this.now(), status, connector ?? null, limit],
    );
    return rows.map(toAlert);
  }

  private async resolveWhere(where: string, params: unknown[], given: Record<string, unknown>, guard?: { lastSeenAt: Date }): Promise<Alert | undefined> {
    const resolution = redactValue(given) as Record<string, unknown>;
    const now = this.now();
    return withTransaction(this.options.pool, async (db) => {
      // The guard loses to an occurrence recorded after the evaluator looked: the alert stays open.
      const guardSql = guard ? ` AND last_seen_at = $${params.length + 3}` : '';
      const { rows } = await db.query<{ id: string }>(
        `UPDATE alerts SET status = 'resolved', resolved_at = $1, resolution = $2 WHERE status = 'open' AND ${where}${guardSql} RETURNING id`,
        [now, resolution, ...params, ...(guard ? [guard.lastSeenAt] : [])],
      );
      const id = rows[0]?.id;
      if (!id) return undefined;
      const alert = await this.read(db, id, now);
      await this.options.store.append([{ stream: id, connector: alert.connector, type: EventTypes.alertResolved, data: { alertId: id, kind: alert.kind, resolution, occurrences: alert.occurrences } }], db);
      await queueDeliveries(db, id, 'resolved', await toldTargets(db, alert, 'resolved'), now);
      this.options.log.info({ connector: alert.connector, kind: alert.kind, alertId: id, resolution }, 'alert resolved');
      return alert;
    });
  }

  private muting<T>(actor: string, work: (ctx: MuteContext) => Promise<T>): Promise<T> {
    const now = this.now();
    return withTransaction(this.options.pool, (db) => work({ db, store: this.options.store, now, actor }));
  }

  private async read(db: pg.PoolClient, id: string, now: Date): Promise<Alert> {
    const alert = await this.find(db, id, now);
    if (!alert) throw hubError('HUB_ALERT_NOT_FOUND', `no alert ${id}`);
    return alert;
  }

  private async find(db: Pick<pg.Pool, 'query'>, id: string, now: Date): Promise<Alert | undefined> {
    const { rows } = await db.query<AlertRow>(`SELECT ${alertColumns('$2')} FROM alerts a WHERE a.id = $1`, [id, now]);
    return rows[0] ? toAlert(rows[0]) : undefined;
  }
}
