import { createCipheriv, createDecipheriv, randomBytes, randomUUID } from 'node:crypto';
import type pg from 'pg';
import { hubError } from '../errors/index.js';
import type { MasterKeyProvider } from './master-keys.js';

/** A connector's secret fields (api key, client secret, tokens …). Never logged, never returned by an API. */
export type CredentialFields = Record<string, string>;

/** A stored credential's identity and keys, as `hub credentials list` shows it. */
export interface StoredCredential {
  connector: string;
  account: string;
  /** The data key its ciphertext is under. */
  keyId: string;
  /** The master key that wraps that data key. */
  masterKeyId: string;
  updatedAt: Date;
}

interface DataKeyRow {
  id: string;
  wrapped_key: Buffer;
  master_key_id: string;
}

/**
 * Credentials per connector and account, encrypted with AES-256-GCM under a data key that a
 * master key wraps (envelope encryption). Each ciphertext names its data key; the connector and
 * account are authenticated data, so a row copied to another account does not decrypt.
 */
export class CredentialStore {
  private readonly unwrapped = new Map<string, Buffer>();

  constructor(
    private readonly pool: pg.Pool,
    private readonly master: MasterKeyProvider,
  ) {}

  /** Stores (or replaces) the fields; answers the write's time on the database clock, to the microsecond (timestamptz text). */
  async put(connector: string, account: string, fields: CredentialFields): Promise<{ storedAt: string }> {
    const { id, key } = await this.activeDataKey();
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    cipher.setAAD(aad(connector, account));
    const ciphertext = Buffer.concat([cipher.update(JSON.stringify(fields), 'utf8'), cipher.final()]);
    const { rows } = await this.pool.query<{ stored_at: string }>(
      `INSERT INTO credentials (connector, account, key_id, iv, ciphertext, tag) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (connector, account) DO UPDATE SET key_id = $3, iv = $4, ciphertext = $5, tag = $6, updated_at = now()
       RETURNING updated_at::text AS stored_at`,
      [connector, account, id, iv, ciphertext, cipher.getAuthTag()],
    );
    return { storedAt: rows[0]?.stored_at ?? '' };
  }

  async get(connector: string, account = ''): Promise<CredentialFields | undefined> {
    const { rows } = await this.pool.query<{ key_id: string; iv: Buffer; ciphertext: Buffer; tag: Buffer }>(
      'SELECT key_id, iv, ciphertext, tag FROM credentials WHERE connector = $1 AND account = $2',
      [connector, account],
    );
    const row = rows[0];
    if (!row) return undefined;
    const key = await this.dataKey(row.key_id);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, row.iv);
      decipher.setAAD(aad(connector, account));
      decipher.setAuthTag(row.tag);
      return JSON.parse(Buffer.concat([decipher.update(row.ciphertext), decipher.final()]).toString('utf8')) as CredentialFields;
    } catch (err) {
      throw hubError('HUB_CREDENTIAL_TAMPERED', `the credentials of ${connector}${account ? `/${account}` : ''} fail authentication`, { cause: err });
    }
  }

  /** Which credentials are stored and under which keys (never their values). */
  async list(): Promise<StoredCredential[]> {
    const { rows } = await this.pool.query<{ connector: string; account: string; key_id: string; master_key_id: string; updated_at: Date }>(
      'SELECT c.connector, c.account, c.key_id, d.master_key_id, c.updated_at FROM credentials c JOIN data_keys d ON d.id = c.key_id ORDER BY c.connector, c.account',
    );
    return rows.map((r) => ({ connector: r.connector, account: r.account, keyId: r.key_id, masterKeyId: r.master_key_id, updatedAt: r.updated_at }));
  }

  /**
   * `hub credentials rotate-key`: re-wraps every data key under the current master key. The
   * ciphertexts do not change, so nothing is unreadable at any moment (no downtime); afterwards
   * the old master key can be removed from HUB_MASTER_KEYS.
   */
  async rewrapDataKeys(): Promise<{ rewrapped: number }> {
    const { rows } = await this.pool.query<DataKeyRow>('SELECT id, wrapped_key, master_key_id FROM data_keys WHERE master_key_id <> $1', [this.master.currentKeyId]);
    for (const row of rows) {
      const key = await this.master.unwrap(row.wrapped_key, row.master_key_id);
      const { wrapped, masterKeyId } = await this.master.wrap(key);
      await this.pool.query('UPDATE data_keys SET wrapped_key = $2, master_key_id = $3 WHERE id = $1', [row.id, wrapped, masterKeyId]);
    }
    return { rewrapped: rows.length };
  }

  private async activeDataKey(): Promise<{ id: string; key: Buffer }> {
    const { rows } = await this.pool.query<DataKeyRow>('SELECT id, wrapped_key, master_key_id FROM data_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1');
    const row = rows[0];
    if (row) return { id: row.id, key: await this.dataKey(row.id, row) };
    const key = randomBytes(32);
    const { wrapped, masterKeyId } = await this.master.wrap(key);
    const id = `dk_${randomUUID()}`;
    await this.pool.query('INSERT INTO data_keys (id, wrapped_key, master_key_id) VALUES ($1, $2, $3)', [id, wrapped, masterKeyId]);
    this.unwrapped.set(id, key);
    return { id, key };
  }

  private async dataKey(id: string, known?: DataKeyRow): Promise<Buffer> {
    const cached = this.unwrapped.get(id);
    if (cached) return cached;
    const row = known ?? (await this.pool.query<DataKeyRow>('SELECT id, wrapped_key, master_key_id FROM data_keys WHERE id = $1', [id])).rows[0];
    if (!row) throw hubError('HUB_CREDENTIAL_KEY_MISSING', `data key ${id} does not exist`);
    const key = await this.master.unwrap(row.wrapped_key, row.master_key_id);
    this.unwrapped.set(id, key);
    return key;
  }
}

function aad(connector: string, account: string): Buffer {
  return Buffer.from(`${connector}\u0000${account}`, 'utf8');
}
