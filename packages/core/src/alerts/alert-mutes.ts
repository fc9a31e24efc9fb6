import type pg from 'pg';
import { v7 as uuidv7 } from 'uuid';
import { EventTypes, type EventStore } from '../event-store/index.js';
import type { AlertKind } from './alert-kind.js';
import { queueDeliveries, toldTargets } from './alert-outbox.js';
import { alertColumns, toAlert, type Alert, type AlertRow } from './alert-row.js';

/** A mute's reach: one kind of a connector's alerts, or every kind ('*'). */
export type MuteScope = AlertKind | '*';

/** A mute in force. */
export interface AlertMute {
  connector: string;
  scope: MuteScope;
  until: Date;
  by: string;
}

/** What a mute change runs in: the lifecycle's transaction, its store and clock. */
export interface MuteContext {
  db: pg.PoolClient;
  store: EventStore;
  now: Date;
  actor: string;
}

/** The connector's open alerts a scope reaches, with the mutes in force now. */
async function openAlerts(db: pg.PoolClient, connector: string, scope: MuteScope, now: Date): Promise<Alert[]> {
  const { rows } = await db.query<AlertRow>(`SELECT ${alertColumns('$3')} FROM alerts a WHERE a.status = 'open' AND a.connector = $1 AND ($2 = '*' OR a.kind = $2) ORDER BY a.opened_at`, [
    connector,
    scope,
    now,
  ]);
  return rows.map(toAlert);
}

/** An operator action is an event: one per alert it concerns (stream: the alert), or one of its own when none is open. */
async function record(ctx: MuteContext, connector: string, type: string, alerts: readonly Alert[], data: (alert?: Alert) => Record<string, unknown>): Promise<void> {
  const events =
    alerts.length > 0
      ? alerts.map((a) => ({ stream: a.id, connector, type, actor: ctx.actor, data: { alertId: a.id, ...data(a) } }))
      : [{ stream: uuidv7(), connector, type, actor: ctx.actor, data: { alertId: null, ...data() } }];
  await ctx.store.append(events, ctx.db);
}

/**
 * Silences the scope until now + forMs (the latest mute of a scope replaces the previous one).
 * Each open alert it reaches records alert.muted and has its message edited; `named` (a mute by
 * alert id) records it even when that alert is resolved: the mute still holds its kind's next ones.
 * Returns the open alerts reached.
 */
export async function applyMute(ctx: MuteContext, connector: string, scope: MuteScope, forMs: number, named?: Alert): Promise<Alert[]> {
  const until = new Date(ctx.now.getTime() + forMs);
  await ctx.db.query(
    `INSERT INTO alert_mutes (connector, kind, muted_until, muted_by) VALUES ($1, $2, $3, $4)
     ON CONFLICT (connector, kind) DO UPDATE SET muted_until = EXCLUDED.muted_until, muted_by = EXCLUDED.muted_by`,
    [connector, scope, until, ctx.actor],
  );
  const open = await openAlerts(ctx.db, connector, scope, ctx.now);
  const concerned = named && !open.some((a) => a.id === named.id) ? [...open, named] : open;
  await record(ctx, connector, EventTypes.alertMuted, concerned, (a) => ({ kind: a?.kind ?? scope, scope, until: until.toISOString() }));
  for (const alert of open) await queueDeliveries(ctx.db, alert.id, 'muted', await toldTargets(ctx.db, alert, 'muted'), ctx.now);
  return open;
}

/**
 * Lifts the connector's mutes of one kind, or all of them (every kind and '*'). Open alerts that
 * become audible record alert.unmuted and have their messages edited (one still under the
 * connector-wide mute stays muted). Nothing in force: nothing removed, nothing recorded.
 */
export async function liftMutes(ctx: MuteContext, connector: string, kind: AlertKind | undefined): Promise<{ removed: AlertMute[]; alerts: Alert[] }> {
  const before = await openAlerts(ctx.db, connector, '*', ctx.now);
  const { rows } = await ctx.db.query<{ kind: MuteScope; muted_until: Date; muted_by: string }>(
    `DELETE FROM alert_mutes WHERE connector = $1 AND ($2::text IS NULL OR kind = $2) RETURNING kind, muted_until, muted_by`,
    [connector, kind ?? null],
  );
  const removed = rows.filter((r) => r.muted_until > ctx.now).map((r) => ({ connector, scope: r.kind, until: r.muted_until, by: r.muted_by }));
  if (removed.length === 0) return { removed, alerts: [] };
  const wasMuted = new Set(before.filter((a) => a.mutedUntil !== null).map((a) => a.id));
  const audible = (await openAlerts(ctx.db, connector, '*', ctx.now)).filter((a) => a.mutedUntil === null && wasMuted.has(a.id));
  await record(ctx, connector, EventTypes.alertUnmuted, audible, (a) => ({ kind: a?.kind ?? kind ?? '*', removed: removed.map((r) => r.scope) }));
  for (const alert of audible) await queueDeliveries(ctx.db, alert.id, 'unmuted', await toldTargets(ctx.db, alert, 'unmuted'), ctx.now);
  return { removed, alerts: audible };
}

/** Mutes in force at `now`, by connector then scope. */
export async function listMutes(db: Pick<pg.Pool, 'query'>, now: Date, connector?: string): Promise<AlertMute[]> {
  const { rows } = await db.query<{ connector: string; kind: MuteScope; muted_until: Date; muted_by: string }>(
    `SELECT connector, kind, muted_until, muted_by FROM alert_mutes WHERE muted_until > $1 AND ($2::text IS NULL OR connector = $2) ORDER BY connector, kind`,
    [now, connector ?? null],
  );
  return rows.map((r) => ({ connector: r.connector, scope: r.kind, until: r.muted_until, by: r.muted_by }));
}
