import { randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { hubError } from '../errors/index.js';
import type { MasterKeyProvider } from './master-keys.js';

interface DataKeyRow {
  id: string;
  wrapped_key: Buffer;
  master_key_id: string;
}

type Queryable = Pick<pg.Pool, 'query'> | pg.PoolClient;

/**
 * The data keys credentials are encrypted under, each wrapped by a master key (envelope
 * encryption). One is active (the newest not retired); retired ones still decrypt the rows
 * that remain under them.
 */
export class DataKeys {
  private readonly unwrapped = new Map<string, Buffer>();

  constructor(
    private readonly pool: pg.Pool,
    readonly master: MasterKeyProvider,
  ) {}

  /** The key new ciphertexts are written under; the first write of a fresh store creates it. */
  async active(db: Queryable = this.pool): Promise<{ id: string; key: Buffer }> {
    const { rows } = await db.query<DataKeyRow>('SELECT id, wrapped_key, master_key_id FROM data_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1');
    const row = rows[0];
    if (row) return { id: row.id, key: await this.byId(row.id, row) };
    return this.create(db);
  }

  /** A fresh data key, wrapped under the current master key. */
  async create(db: Queryable = this.pool): Promise<{ id: string; key: Buffer }> {
    const key = randomBytes(32);
    const { wrapped, masterKeyId } = await this.master.wrap(key);
    const id = `dk_${randomUUID()}`;
    await db.query('INSERT INTO data_keys (id, wrapped_key, master_key_id) VALUES ($1, $2, $3)', [id, wrapped, masterKeyId]);
    this.unwrapped.set(id, key);
    return { id, key };
  }

  async byId(id: string, known?: DataKeyRow): Promise<Buffer> {
    const cached = this.unwrapped.get(id);
    if (cached) return cached;
    const row = known ?? (await this.pool.query<DataKeyRow>('SELECT id, wrapped_key, master_key_id FROM data_keys WHERE id = $1', [id])).rows[0];
    if (!row) throw hubError('HUB_CREDENTIAL_KEY_MISSING', `data key ${id} does not exist`);
    const key = await this.master.unwrap(row.wrapped_key, row.master_key_id);
    this.unwrapped.set(id, key);
    return key;
  }

  /** `hub credentials rotate-key`: re-wraps every data key under the current master key (the ciphertexts do not change). */
  async rewrapAll(): Promise<number> {
    const { rows } = await this.pool.query<DataKeyRow>('SELECT id, wrapped_key, master_key_id FROM data_keys WHERE master_key_id <> $1', [this.master.currentKeyId]);
    for (const row of rows) {
      const key = await this.master.unwrap(row.wrapped_key, row.master_key_id);
      const { wrapped, masterKeyId } = await this.master.wrap(key);
      await this.pool.query('UPDATE data_keys SET wrapped_key = $2, master_key_id = $3 WHERE id = $1', [row.id, wrapped, masterKeyId]);
    }
    return rows.length;
  }
}
