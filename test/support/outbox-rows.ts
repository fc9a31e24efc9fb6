import { randomUUID } from 'node:crypto';
import type pg from 'pg';

/** `n` outbox rows of `connector`, as the ingress writes them (no events behind them: relay tests only); answers their event ids. */
export async function insertOutboxRows(db: Pick<pg.Pool, 'query'>, connector: string, n: number): Promise<string[]> {
  const ids = Array.from({ length: n }, () => randomUUID());
  await db.query('INSERT INTO outbox (event_id, connector) SELECT unnest($1::uuid[]), $2', [ids, connector]);
  return ids;
}
