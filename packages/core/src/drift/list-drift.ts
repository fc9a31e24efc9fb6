import type pg from 'pg';
import { EventTypes } from '../event-store/index.js';
import type { SchemaDiff } from './shape-diff.js';

export interface DriftReport extends SchemaDiff {
  /** The webhook whose payload showed the drift. */
  eventId: string;
  eventType: string;
  at: Date;
}

/** The connector's schema.drift events, newest first. */
export async function listDrift(pool: pg.Pool, connector: string, { limit = 100 } = {}): Promise<DriftReport[]> {
  const { rows } = await pool.query<{ stream: string; data: SchemaDiff & { eventType: string }; created_at: Date }>(
    `SELECT stream, data, created_at FROM events WHERE connector = $1 AND type = $2 ORDER BY created_at DESC, id DESC LIMIT $3`,
    [connector, EventTypes.schemaDrift, limit],
  );
  return rows.map((r) => ({ eventId: r.stream, eventType: r.data.eventType, at: r.created_at, added: r.data.added, removed: r.data.removed, retyped: r.data.retyped }));
}
