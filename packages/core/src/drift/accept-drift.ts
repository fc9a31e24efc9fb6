import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { AlertLifecycle } from '../alerts/alert-lifecycle.js';
import { schemaDriftAlertKind } from '../alerts/alert-kind.js';
import { withTransaction } from '../db/index.js';
import { EventTypes, type EventStore } from '../event-store/index.js';
import type { ObservedShape } from './shape-diff.js';

export interface AcceptDriftInput {
  connector: string;
  eventType: string;
  /** Who accepted it (the console token's actor, `slack:U…`). */
  actor: string;
}

export interface AcceptedDrift {
  eventType: string;
  /** The baseline now in force: distinct payload shapes folded in, and its fields. */
  distinctShapes: number;
  fields: number;
  /** The drift alert it resolved, if one was open. */
  resolvedAlertId: string | null;
}

/**
 * An operator says a drift was expected (the provider added a field): the observed shape —
 * into which the detector folded the drifting shape when it reported it, so the next payload of
 * that shape is not flagged — is confirmed as the event type's baseline (`schema.drift_accepted`,
 * with the actor) and the open `schema_drift:<eventType>` alert is resolved. undefined when the
 * hub has never observed that event type (nothing to accept).
 */
export async function acceptDrift(
  deps: { pool: pg.Pool; store: EventStore; alerts: Pick<AlertLifecycle, 'resolve'> },
  input: AcceptDriftInput,
): Promise<AcceptedDrift | undefined> {
  const baseline = await withTransaction(deps.pool, async (client) => {
    // The row lock orders this after a drift the detector is recording for the same event type.
    const { rows } = await client.query<{ shape: ObservedShape }>(`SELECT shape FROM observed_shapes WHERE connector = $1 AND event_type = $2 FOR UPDATE`, [input.connector, input.eventType]);
    const shape = rows[0]?.shape;
    if (!shape) return undefined;
    await client.query(`UPDATE observed_shapes SET updated_at = now() WHERE connector = $1 AND event_type = $2`, [input.connector, input.eventType]);
    return { distinctShapes: shape.shapes, fields: Object.keys(shape.paths).length };
  });
  if (!baseline) return undefined;
  const resolved = await deps.alerts.resolve(input.connector, schemaDriftAlertKind(input.eventType), { by: input.actor, reason: 'drift accepted as expected: the new shape is the baseline' });
  const accepted: AcceptedDrift = { eventType: input.eventType, ...baseline, resolvedAlertId: resolved?.id ?? null };
  await deps.store.append([
    { stream: resolved?.id ?? randomUUID(), connector: input.connector, type: EventTypes.schemaDriftAccepted, actor: input.actor, data: { ...accepted } },
  ]);
  return accepted;
}
