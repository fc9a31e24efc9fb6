import type pg from 'pg';
import { withTransaction } from '../db/index.js';
import { openCredential, sealCredential, type CredentialFields } from './credential-cipher.js';
import { lockCredentialRow } from './credential-row-lock.js';
import { DataKeys } from './data-keys.js';
import type { MasterKeyProvider } from './master-keys.js';
import { rotateDataKeys, type RotateDataKeysOptions, type RotateDataKeysReport } from './rotate-data-keys.js';

export type { CredentialFields } from './credential-cipher.js';

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

interface CredentialRow {
  key_id: string;
  iv: Buffer;
  ciphertext: Buffer;
  tag: Buffer;
}

/**
 * Credentials per connector and account, encrypted with AES-256-GCM under a data key that a
 * master key wraps (envelope encryption). Each ciphertext names its data key; the connector and
 * account are authenticated data, so a row copied to another account does not decrypt.
 */
export class CredentialStore {
  private readonly keys: DataKeys;

  constructor(
    private readonly pool: pg.Pool,
    master: MasterKeyProvider,
  ) {
    this.keys = new DataKeys(pool, master);
  }

  /** Stores (or replaces) the fields; answers the write's time on the database clock, to the microsecond (timestamptz text). */
  put(connector: string, account: string, fields: CredentialFields): Promise<{ storedAt: string }> {
    return this.update(connector, account, () => fields);
  }

  /**
   * Reads, changes and writes one row under a lock per (connector, account), so writers that each
   * own some fields (an operator's outbound credentials, the webhook secret, the token manager's
   * access token) never drop each other's.
   */
  update(connector: string, account: string, change: (current: CredentialFields | undefined) => CredentialFields): Promise<{ storedAt: string }> {
    return withTransaction(this.pool, async (client) => {
      await lockCredentialRow(client, connector, account);
      const fields = change(await this.read(client, connector, account));
      const { id, key } = await this.keys.active(client);
      const sealed = sealCredential(key, connector, account, fields);
      const { rows } = await client.query<{ stored_at: string }>(
        `INSERT INTO credentials (connector, account, key_id, iv, ciphertext, tag) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (connector, account) DO UPDATE SET key_id = $3, iv = $4, ciphertext = $5, tag = $6, updated_at = now()
         RETURNING updated_at::text AS stored_at`,
        [connector, account, id, sealed.iv, sealed.ciphertext, sealed.tag],
      );
      return { storedAt: rows[0]?.stored_at ?? '' };
    });
  }

  get(connector: string, account = ''): Promise<CredentialFields | undefined> {
    return this.read(this.pool, connector, account);
  }

  /** Which credentials are stored and under which keys (never their values). */
  async list(): Promise<StoredCredential[]> {
    const { rows } = await this.pool.query<{ connector: string; account: string; key_id: string; master_key_id: string; updated_at: Date }>(
      'SELECT c.connector, c.account, c.key_id, d.master_key_id, c.updated_at FROM credentials c JOIN data_keys d ON d.id = c.key_id ORDER BY c.connector, c.account',
    );
    return rows.map((r) => ({ connector: r.connector, account: r.account, keyId: r.key_id, masterKeyId: r.master_key_id, updatedAt: r.updated_at }));
  }

  /** The named accounts (not the default '') stored for these connectors, with when each last changed; nothing is decrypted. */
  async listAccounts(connectors: readonly string[]): Promise<{ connector: string; account: string; updatedAt: string }[]> {
    const { rows } = await this.pool.query<{ connector: string; account: string; updated_at: string }>(
      `SELECT connector, account, updated_at::text AS updated_at FROM credentials WHERE connector = ANY($1::text[]) AND account <> ''`,
      [connectors],
    );
    return rows.map((r) => ({ connector: r.connector, account: r.account, updatedAt: r.updated_at }));
  }

  /**
   * `hub credentials rotate-key`: re-wraps every data key under the current master key. The
   * ciphertexts do not change, so nothing is unreadable at any moment (no downtime); afterwards
   * the old master key can be removed from HUB_MASTER_KEYS.
   */
  async rewrapDataKeys(): Promise<{ rewrapped: number }> {
    return { rewrapped: await this.keys.rewrapAll() };
  }

  /** `hub credentials rotate-data-keys`: every credential re-encrypted under a fresh data key, the older ones retired. */
  rotateDataKeys(options: RotateDataKeysOptions = {}): Promise<RotateDataKeysReport> {
    return rotateDataKeys(this.pool, this.keys, options);
  }

  private async read(db: Pick<pg.Pool, 'query'>, connector: string, account: string): Promise<CredentialFields | undefined> {
    const { rows } = await db.query<CredentialRow>('SELECT key_id, iv, ciphertext, tag FROM credentials WHERE connector = $1 AND account = $2', [connector, account]);
    const row = rows[0];
    if (!row) return undefined;
    return openCredential(await this.keys.byId(row.key_id), connector, account, row);
  }
}
