import type { AuthDeclaration } from '@hub/connector-sdk';
import type { Redis } from 'ioredis';
import type { AlertRaiser } from '../alerts/index.js';
import type { CredentialFields, CredentialStore } from '../credentials/index.js';
import { hubError, isHubError } from '../errors/index.js';
import type { Logger } from '../logger/index.js';
import { RedisLease } from '../redis-lease/index.js';
import type { SendHttp } from '../processing/outbound-http.js';
import { credentialsSetCommand } from './credentials-command.js';
import { fillAccount } from './resolve-base-url.js';
import { requestToken } from './request-token.js';

type OAuth2Declaration = Extract<AuthDeclaration, { type: 'oauth2' }>;

/** The stored row a credential lives in (the event's account, or the connector's default ''). */
export interface CredentialRef {
  connector: string;
  account: string;
}

export interface OAuth2TokenManagerOptions {
  store: CredentialStore;
  /** Shares the refresh lock with every process; without it each process refreshes alone. */
  redis?: Redis | undefined;
  /** Redis key prefix (the worker's). */
  prefix: string;
  /** The guarded outbound client (deadline, SSRF guard): token endpoints are provider URLs too. */
  send: SendHttp;
  log: Logger;
  /** `invalid_grant` raises `credentials_invalid` so an operator reconnects the account (it resolves once they do). */
  alerts?: Pick<AlertRaiser, 'raise'> | undefined;
  now?: () => number;
  /** A refresh holding the lock longer than this loses it (the holder died). */
  lockTtlMs?: number;
  /** How long a process waits for another's refresh before giving up (transient). */
  maxWaitMs?: number;
  pollMs?: number;
}

// Stored next to clientId / clientSecret / refreshToken in the same encrypted record.
const ACCESS_TOKEN = 'accessToken';
const EXPIRES_AT = 'expiresAt';
const FAILED = 'oauthError';

/**
 * Access tokens for oauth2 connectors, kept in the credential store (encrypted) with their
 * expiry and (rotated) refresh token. A token is refreshed `refreshBeforeSeconds` before it
 * expires, or once after the provider answered 401 to it. One refresh per credential at a time
 * across processes and replicas (Redis lock); the others wait and re-read the stored token.
 */
export class OAuth2TokenManager {
  private readonly cache = new Map<string, CredentialFields>();
  private readonly inFlight = new Map<string, Promise<string>>();
  private readonly now: () => number;

  constructor(private readonly options: OAuth2TokenManagerOptions) {
    this.now = options.now ?? Date.now;
  }

  /**
   * A current access token. `rejected`: the token the provider just answered 401 to; a
   * different one is returned (someone else's refresh, or ours).
   */
  async accessToken(ref: CredentialRef, declaration: OAuth2Declaration, rejected?: string): Promise<string> {
    const key = cacheKey(ref);
    const cached = this.cache.get(key);
    if (cached && this.usable(cached, declaration, rejected)) return cached[ACCESS_TOKEN] as string;
    const running = this.inFlight.get(key);
    if (running) {
      const token = await running;
      if (token !== rejected) return token;
    }
    // One refresh per credential in this process; the Redis lock does the same across processes.
    const refresh = this.obtain(ref, declaration, rejected).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, refresh);
    return refresh;
  }

  private async obtain(ref: CredentialRef, declaration: OAuth2Declaration, rejected: string | undefined): Promise<string> {
    const { maxWaitMs = 10_000, pollMs = 50 } = this.options;
    const lockKey = `${this.options.prefix}oauth2-refresh:${ref.connector}:${ref.account}`;
    const deadline = this.now() + maxWaitMs;
    for (;;) {
      const stored = await this.read(ref, declaration);
      if (this.usable(stored, declaration, rejected)) return stored[ACCESS_TOKEN] as string;
      const lock = await this.acquire(lockKey);
      if (lock !== undefined) {
        try {
          // Re-read under the lock: another process may have refreshed between our read and the lock.
          const current = await this.read(ref, declaration);
          if (this.usable(current, declaration, rejected)) return current[ACCESS_TOKEN] as string;
          return await this.refresh(ref, declaration, current);
        } finally {
          if (lock !== 'alone') await this.release(lock);
        }
      }
      if (this.now() > deadline) {
        throw hubError('HUB_OAUTH_TOKEN_UNAVAILABLE', `${label(ref)}: another process has been refreshing the access token for over ${maxWaitMs} ms`);
      }
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    }
  }

  private async refresh(ref: CredentialRef, declaration: OAuth2Declaration, fields: CredentialFields): Promise<string> {
    const { clientId, clientSecret, refreshToken } = fields;
    const command = credentialsSetCommand(ref.connector, ref.account, declaration);
    if (!clientId || !clientSecret || (declaration.grant === 'authorization_code' && !refreshToken)) {
      throw hubError('HUB_CREDENTIALS_MISSING', `${label(ref)}: the stored oauth2 credentials are incomplete; run: ${command}`);
    }
    const params: Record<string, string> =
      declaration.grant === 'client_credentials'
        ? { grant_type: 'client_credentials', ...(declaration.scopes.length > 0 ? { scope: declaration.scopes.join(' ') } : {}) }
        : { grant_type: 'refresh_token', refresh_token: refreshToken as string };
    try {
      // Per-org token endpoints (Salesforce My Domain): `{account}` is the credential's account.
      const tokenUrl = fillAccount(ref.connector, 'token URL', declaration.tokenUrl, ref.account);
      const issued = await requestToken({ declaration: Object.assign({}, declaration, { tokenUrl }), clientId, clientSecret, params, send: this.options.send, nowMs: this.now(), label: label(ref) });
      let next: CredentialFields = fields;
      // Merged into the row as stored now: a field written meanwhile (an operator's webhook secret) stays.
      await this.options.store.update(ref.connector, ref.account, (stored) => {
        next = Object.assign({}, stored ?? fields, { [ACCESS_TOKEN]: issued.accessToken });
        if (issued.expiresAtMs === undefined) delete next[EXPIRES_AT];
        else next[EXPIRES_AT] = String(issued.expiresAtMs);
        // RFC 6749 §6: the server may rotate the refresh token; the old one may already be void.
        if (issued.refreshToken) next.refreshToken = issued.refreshToken;
        return next;
      });
      this.cache.set(cacheKey(ref), next);
      this.options.log.info({ connector: ref.connector, account: ref.account, grant: declaration.grant, rotated: Boolean(issued.refreshToken) }, 'oauth2 access token obtained');
      return issued.accessToken;
    } catch (err) {
      if (isHubError(err) && err.code === 'HUB_OAUTH_INVALID_GRANT') await this.markReconnectNeeded(ref, fields, command, err.message);
      throw err;
    }
  }

  /** Remembered in the store so no process asks again with the same dead grant until an operator reconnects. */
  private async markReconnectNeeded(ref: CredentialRef, fields: CredentialFields, command: string, message: string): Promise<void> {
    const { storedAt } = await this.options.store.update(ref.connector, ref.account, (stored) => Object.assign({}, stored ?? fields, { [FAILED]: 'invalid_grant' }));
    this.cache.delete(cacheKey(ref));
    // markedAt (database clock): the alert resolves when the credentials are written after it, whatever the app hosts' clocks say.
    await this.options.alerts?.raise(ref.connector, 'credentials_invalid', { code: 'HUB_OAUTH_INVALID_GRANT', connector: ref.connector, account: ref.account, message, reconnect: command, markedAt: storedAt });
  }

  private async read(ref: CredentialRef, declaration: OAuth2Declaration): Promise<CredentialFields> {
    const fields = await this.options.store.get(ref.connector, ref.account);
    if (!fields) throw hubError('HUB_CREDENTIALS_MISSING', `${label(ref)}: no credentials stored; run: ${credentialsSetCommand(ref.connector, ref.account, declaration)}`);
    if (fields[FAILED] === 'invalid_grant') {
      throw hubError('HUB_OAUTH_INVALID_GRANT', `${label(ref)}: the authorization server refused the grant (invalid_grant); reconnect the account: ${credentialsSetCommand(ref.connector, ref.account, declaration)}`);
    }
    this.cache.set(cacheKey(ref), fields);
    return fields;
  }

  private usable(fields: CredentialFields, declaration: OAuth2Declaration, rejected: string | undefined): boolean {
    const token = fields[ACCESS_TOKEN];
    if (!token || token === rejected || fields[FAILED]) return false;
    const expiresAt = fields[EXPIRES_AT];
    return expiresAt === undefined || this.now() < Number(expiresAt) - declaration.refreshBeforeSeconds * 1000;
  }

  /** The lock, held; 'alone' when there is no Redis or it is unreachable (this process refreshes alone); undefined when someone else holds it. */
  private async acquire(key: string): Promise<RedisLease | 'alone' | undefined> {
    if (!this.options.redis) return 'alone';
    const lock = new RedisLease(this.options.redis, key, this.options.lockTtlMs ?? 15_000);
    try {
      return (await lock.acquire()) ? lock : undefined;
    } catch (err) {
      this.options.log.warn({ err }, 'oauth2 refresh lock unavailable (Redis); refreshing without it');
      return 'alone';
    }
  }

  private async release(lock: RedisLease): Promise<void> {
    try {
      await lock.release();
    } catch (err) {
      this.options.log.warn({ err }, 'oauth2 refresh lock not released (Redis); it expires by itself');
    }
  }
}

function cacheKey(ref: CredentialRef): string {
  return `${ref.connector}\u0000${ref.account}`;
}

function label(ref: CredentialRef): string {
  return ref.account ? `${ref.connector}/${ref.account}` : ref.connector;
}
