import type pg from 'pg';
import { withTransaction } from '../db/index.js';
import { isHubError } from '../errors/index.js';
import { openCredential, sealCredential } from './credential-cipher.js';
import { lockCredentialRow } from './credential-row-lock.js';
import type { DataKeys } from './data-keys.js';

export interface RotateDataKeysOptions {
  /** Stops between two rows (the CLI aborts on SIGINT); what is done stays done. */
  signal?: AbortSignal;
  /** After each row: how many were re-encrypted of how many this pass found. */
  onProgress?: (done: number, total: number) => void;
}

export interface RotateDataKeysReport {
  /** The fresh data key every credential is now under. */
  dataKeyId: string;
  reencrypted: number;
  /** Data keys this run retired (they stay, retired, while a row might still be under them). */
  retired: number;
  /** Rows still under a retired key: interrupted, or unreadable (listed in `failed`). A new run finishes them. */
  remaining: number;
  interrupted: boolean;
  failed: { connector: string; account: string; code: string }[];
}

const PASSES = 3;

/**
 * Re-encrypts every credential under a fresh data key and retires the older data keys.
 *
 * Each row is re-encrypted in its own transaction (under the same row lock as every write), not
 * all in one: a run holds no lock on the whole table for its duration (a worker refreshing an
 * OAuth token waits for one row at most), and an interrupted run leaves every row readable —
 * under the fresh key or under a retired one, which is kept. Running it again finishes the job.
 * A writer that read the old active key just before it was retired can still write under it; the
 * later passes pick such rows up.
 */
export async function rotateDataKeys(pool: pg.Pool, keys: DataKeys, { signal, onProgress }: RotateDataKeysOptions = {}): Promise<RotateDataKeysReport> {
  // The fresh key and the retirement of the others commit together: from then on new writes use the fresh key.
  const { fresh, retired } = await withTransaction(pool, async (client) => {
    const created = await keys.create(client);
    const { rowCount } = await client.query('UPDATE data_keys SET retired_at = now() WHERE id <> $1 AND retired_at IS NULL', [created.id]);
    return { fresh: created, retired: rowCount ?? 0 };
  });
  const report: RotateDataKeysReport = { dataKeyId: fresh.id, reencrypted: 0, retired, remaining: 0, interrupted: false, failed: [] };
  const failed = new Set<string>();
  for (let pass = 0; pass < PASSES && !report.interrupted; pass += 1) {
    const { rows } = await pool.query<{ connector: string; account: string }>('SELECT connector, account FROM credentials WHERE key_id <> $1 ORDER BY connector, account', [fresh.id]);
    const todo = rows.filter((r) => !failed.has(`${r.connector}/${r.account}`));
    if (todo.length === 0) break;
    let done = 0;
    for (const row of todo) {
      if (signal?.aborted) {
        report.interrupted = true;
        break;
      }
      try {
        if (await reencrypt(pool, keys, fresh, row.connector, row.account)) report.reencrypted += 1;
      } catch (err) {
        if (!isHubError(err)) throw err;
        failed.add(`${row.connector}/${row.account}`);
        report.failed.push({ connector: row.connector, account: row.account, code: err.code });
      }
      done += 1;
      onProgress?.(done, todo.length);
    }
  }
  const { rows } = await pool.query<{ n: number }>('SELECT count(*)::int AS n FROM credentials WHERE key_id <> $1', [fresh.id]);
  report.remaining = rows[0]?.n ?? 0;
  return report;
}

async function reencrypt(pool: pg.Pool, keys: DataKeys, fresh: { id: string; key: Buffer }, connector: string, account: string): Promise<boolean> {
  return withTransaction(pool, async (client) => {
    await lockCredentialRow(client, connector, account);
    const { rows } = await client.query<{ key_id: string; iv: Buffer; ciphertext: Buffer; tag: Buffer }>('SELECT key_id, iv, ciphertext, tag FROM credentials WHERE connector = $1 AND account = $2', [connector, account]);
    const row = rows[0];
    if (!row || row.key_id === fresh.id) return false;
    const sealed = sealCredential(fresh.key, connector, account, openCredential(await keys.byId(row.key_id), connector, account, row));
    // updated_at stays: the values did not change (a credentials_invalid alert resolves on a newer updated_at).
    await client.query('UPDATE credentials SET key_id = $3, iv = $4, ciphertext = $5, tag = $6 WHERE connector = $1 AND account = $2', [connector, account, fresh.id, sealed.iv, sealed.ciphertext, sealed.tag]);
    return true;
  });
}
