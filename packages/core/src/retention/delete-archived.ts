import type pg from 'pg';
import { withTransaction } from '../db/index.js';
import { EventTypes } from '../event-store/index.js';

type Queryable = Pick<pg.Pool | pg.PoolClient, 'query'>;

const RETIRE_SQL = `
INSERT INTO webhook_digests_retired (connector, body_digest, event_id, received_at)
SELECT connector, body_digest, id, created_at FROM events
WHERE id = ANY($1::uuid[]) AND type = '${EventTypes.webhookReceived}' AND body_digest IS NOT NULL
ON CONFLICT DO NOTHING`;

/**
 * Keeps the body digests of these webhooks after they are deleted: the ingress goes on refusing
 * the same signed body. Committed before the delete (a webhook arriving meanwhile meets the
 * stored event or the retired digest, never neither).
 */
export async function retireDigests(db: Queryable, eventIds: readonly string[]): Promise<void> {
  await db.query(RETIRE_SQL, [eventIds]);
}

const DELETE_SQL = `
WITH deleted AS (DELETE FROM events WHERE id = ANY($1::uuid[]) RETURNING connector)
SELECT connector, count(*)::int AS n FROM deleted GROUP BY connector`;

/**
 * Deletes the archived events (exactly the ids read back from the archive) and their search rows as the retention role,
 * in a transaction that declares itself a retention run (the events trigger lets only that
 * through). If a stream gained an event after it was read, nothing of the batch is deleted:
 * answers undefined, and the streams are looked at again by a later run.
 */
export async function deleteArchived(pool: pg.Pool, runId: string, streams: readonly string[], archivedIds: readonly string[]): Promise<Map<string, number> | undefined> {
  const changed = Symbol('changed');
  try {
    return await withTransaction(pool, async (client) => {
      await client.query(`SELECT set_config('hub.retention_run', $1, true)`, [runId]);
      const { rows } = await client.query<{ connector: string; n: number }>(DELETE_SQL, [archivedIds]);
      // The explorer's search row goes with its webhook (keyed by the webhook.received id, one of archivedIds).
      await client.query('DELETE FROM event_search WHERE event_id = ANY($1::uuid[])', [archivedIds]);
      const left = await client.query('SELECT 1 FROM events WHERE stream = ANY($1::uuid[]) LIMIT 1', [streams]);
      if (left.rowCount) throw changed;
      return new Map(rows.map((r) => [r.connector, r.n]));
    });
  } catch (err) {
    if (err === changed) return undefined;
    throw err;
  }
}
