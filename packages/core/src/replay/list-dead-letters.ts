import type pg from 'pg';
import { EventTypes, LifecycleEventTypes } from '../event-store/index.js';

export interface DeadLetter {
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string | undefined;
  status: 'dead_lettered' | 'quarantined';
  /** transient, permanent or data_format */
  errorClass: string | undefined;
  code: string | undefined;
  message: string | undefined;
  attempts: number | undefined;
  /** zod issues of a quarantined payload */
  issues: unknown;
  at: Date;
}

// The last lifecycle event of each stream decides whether it is in the DLQ now.
const SQL = `
SELECT last.stream, last.type, last.data, last.created_at, r.account, r.data->>'eventType' AS event_type
FROM (
  SELECT DISTINCT ON (stream) stream, type, data, created_at
  FROM events WHERE connector = $1 AND type = ANY($2::text[])
  ORDER BY stream, id DESC
) AS last
JOIN events r ON r.id = last.stream
WHERE last.type = ANY($3::text[])
ORDER BY last.created_at DESC
LIMIT $4`;

/** A connector's dead-lettered and (optionally) quarantined events, newest first, with their last error. */
export async function listDeadLetters(
  pool: pg.Pool,
  connector: string,
  { includeQuarantined = true, limit = 500 }: { includeQuarantined?: boolean; limit?: number } = {},
): Promise<DeadLetter[]> {
  const wanted = includeQuarantined ? [EventTypes.webhookDeadLettered, EventTypes.webhookQuarantined] : [EventTypes.webhookDeadLettered];
  const { rows } = await pool.query<{ stream: string; type: string; data: Record<string, unknown>; created_at: Date; account: string | null; event_type: string | null }>(SQL, [
    connector,
    LifecycleEventTypes,
    wanted,
    limit,
  ]);
  return rows.map((row) => ({
    eventId: row.stream,
    connector,
    account: row.account,
    eventType: row.event_type ?? undefined,
    status: row.type === EventTypes.webhookDeadLettered ? 'dead_lettered' : 'quarantined',
    errorClass: row.data.class as string | undefined,
    code: row.data.code as string | undefined,
    message: (row.data.message ?? row.data.reason) as string | undefined,
    attempts: row.data.attempts as number | undefined,
    issues: row.data.issues,
    at: row.created_at,
  }));
}
