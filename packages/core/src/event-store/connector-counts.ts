import type pg from 'pg';
import { EventTypes } from './event-types.js';

export interface ConnectorCounts {
  received: number;
  processed: number;
  failed: number;
  quarantined: number;
  deadLettered: number;
}

const COUNTED: Record<string, keyof ConnectorCounts> = {
  [EventTypes.webhookReceived]: 'received',
  [EventTypes.webhookProcessed]: 'processed',
  [EventTypes.webhookFailed]: 'failed',
  [EventTypes.webhookQuarantined]: 'quarantined',
  [EventTypes.webhookDeadLettered]: 'deadLettered',
};

export function emptyCounts(): ConnectorCounts {
  return { received: 0, processed: 0, failed: 0, quarantined: 0, deadLettered: 0 };
}

/** Lifecycle counts per connector (a full aggregate; rollups arrive with the health model). */
export async function countByConnector(pool: pg.Pool): Promise<Map<string, ConnectorCounts>> {
  const { rows } = await pool.query<{ connector: string; type: string; n: string }>(
    `SELECT connector, type, count(*) AS n FROM events WHERE type = ANY($1::text[]) GROUP BY connector, type`,
    [Object.keys(COUNTED)],
  );
  const result = new Map<string, ConnectorCounts>();
  for (const row of rows) {
    const counts = result.get(row.connector) ?? emptyCounts();
    const key = COUNTED[row.type];
    if (key) counts[key] = Number(row.n);
    result.set(row.connector, counts);
  }
  return result;
}
