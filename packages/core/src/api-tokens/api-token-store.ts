import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { withTransaction } from '../db/index.js';
import { hubError } from '../errors/index.js';
import { EventStore, EventTypes } from '../event-store/index.js';
import { apiActor, type ApiPrincipal } from './api-principal.js';
import { ApiTokenRole } from './api-token-role.js';
import { generateTokenSecret, hashToken, looksLikeToken } from './token-secret.js';

/** A token as `hub tokens list` shows it: never its secret, which is not stored. */
export interface ApiTokenRecord {
  id: string;
  name: string;
  role: ApiTokenRole;
  createdBy: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
  revokedBy: string | null;
}

interface TokenRow {
  id: string;
  name: string;
  role: ApiTokenRole;
  created_by: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
  revoked_by: string | null;
}

/** Names are identities in the audit trail (`api:<name>`): a short, printable alphabet. */
const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$/;
/** Reserved for the bootstrap token, so an audit line `api:HUB_CONSOLE_TOKEN` is never ambiguous. */
export const BOOTSTRAP_TOKEN_NAME = 'HUB_CONSOLE_TOKEN';
/** last_used_at is a hint for `hub tokens list`, written at most this often per token. */
const LAST_USED_PRECISION_MS = 60_000;
/** The event store's connector for hub-level audit events (tokens belong to no connector). */
const HUB_AUDIT_CONNECTOR = 'hub';

const toRecord = (r: TokenRow): ApiTokenRecord => ({
  id: r.id,
  name: r.name,
  role: r.role,
  createdBy: r.created_by,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
  revokedBy: r.revoked_by,
});

/**
 * Named console API tokens, stored as SHA-256 hashes. Creating and revoking one is also an event
 * (`api_token.created` / `api_token.revoked`, stream: the token's id) with who did it.
 */
export class ApiTokenStore {
  private readonly store: EventStore;

  constructor(private readonly pool: pg.Pool) {
    this.store = new EventStore(pool);
  }

  /** Creates a token; its secret is in the answer and nowhere else, ever. */
  async create(input: { name: string; role: string; actor: string }): Promise<{ token: string; record: ApiTokenRecord }> {
    if (!NAME_PATTERN.test(input.name) || input.name === BOOTSTRAP_TOKEN_NAME) {
      throw hubError('HUB_API_TOKEN_INVALID', `a token name is 1-64 letters, digits and . _ @ - (starting with a letter or digit), and not ${BOOTSTRAP_TOKEN_NAME}; got "${input.name.slice(0, 80)}"`);
    }
    const role = ApiTokenRole.safeParse(input.role);
    if (!role.success) throw hubError('HUB_API_TOKEN_INVALID', `a token's role is viewer (reads) or operator (reads, replay, alerts, workflow changes); got "${input.role.slice(0, 40)}"`);
    const token = generateTokenSecret();
    const id = randomUUID();
    try {
      const row = await withTransaction(this.pool, async (client) => {
        const { rows } = await client.query<TokenRow>(
          `INSERT INTO api_tokens (id, name, role, token_hash, created_by) VALUES ($1, $2, $3, $4, $5)
           RETURNING id, name, role, created_by, created_at, last_used_at, revoked_at, revoked_by`,
          [id, input.name, role.data, hashToken(token), input.actor],
        );
        await this.store.append([{ stream: id, connector: HUB_AUDIT_CONNECTOR, type: EventTypes.apiTokenCreated, actor: input.actor, data: { name: input.name, role: role.data } }], client);
        return rows[0] as TokenRow;
      });
      return { token, record: toRecord(row) };
    } catch (err) {
      if ((err as { code?: string }).code === '23505') {
        throw hubError('HUB_API_TOKEN_INVALID', `a token named "${input.name}" is active; revoke it first (hub tokens revoke ${input.name}) or choose another name`);
      }
      throw err;
    }
  }

  /** Every token, active first, newest first; revoked ones stay listed for the audit trail. */
  async list(): Promise<ApiTokenRecord[]> {
    const { rows } = await this.pool.query<TokenRow>(
      `SELECT id, name, role, created_by, created_at, last_used_at, revoked_at, revoked_by FROM api_tokens
       ORDER BY revoked_at IS NOT NULL, created_at DESC`,
    );
    return rows.map(toRecord);
  }

  /** Revokes the active token of this name: the next request with it is refused. */
  async revoke(name: string, actor: string): Promise<ApiTokenRecord> {
    return withTransaction(this.pool, async (client) => {
      const { rows } = await client.query<TokenRow>(
        `UPDATE api_tokens SET revoked_at = now(), revoked_by = $2 WHERE name = $1 AND revoked_at IS NULL
         RETURNING id, name, role, created_by, created_at, last_used_at, revoked_at, revoked_by`,
        [name, actor],
      );
      const row = rows[0];
      if (!row) throw hubError('HUB_API_TOKEN_NOT_FOUND', `no active token named "${name.slice(0, 80)}"; hub tokens list shows them`);
      await this.store.append([{ stream: row.id, connector: HUB_AUDIT_CONNECTOR, type: EventTypes.apiTokenRevoked, actor, data: { name: row.name, role: row.role } }], client);
      return toRecord(row);
    });
  }

  /** The principal of an active token, or undefined (unknown, revoked or not token-shaped). */
  async authenticate(presented: string): Promise<ApiPrincipal | undefined> {
    if (!looksLikeToken(presented)) return undefined;
    const { rows } = await this.pool.query<{ id: string; name: string; role: ApiTokenRole; stale: boolean }>(
      `SELECT id, name, role, (last_used_at IS NULL OR last_used_at < now() - $2::int * interval '1 millisecond') AS stale
       FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL`,
      [hashToken(presented), LAST_USED_PRECISION_MS],
    );
    const row = rows[0];
    if (!row) return undefined;
    // A hint, not a record: a failed write must not fail the request it describes.
    if (row.stale) this.pool.query('UPDATE api_tokens SET last_used_at = now() WHERE id = $1', [row.id]).catch(() => undefined);
    return { name: row.name, role: row.role, actor: apiActor(row.name) };
  }

  /** Whether any token is active (the console is then closed to requests without one). */
  async hasActiveTokens(): Promise<boolean> {
    const { rows } = await this.pool.query<{ any: boolean }>('SELECT EXISTS (SELECT 1 FROM api_tokens WHERE revoked_at IS NULL) AS any');
    return rows[0]?.any ?? false;
  }
}
