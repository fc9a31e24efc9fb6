import { splitSecrets } from '../config/index.js';
import type { CredentialStore } from './credential-store.js';
import { WEBHOOK_SECRET_FIELD } from './webhook-secret-field.js';

export interface AccountWebhookSecretsOptions {
  /** How long the list of stored accounts and each account's decrypted secrets are reused; at most 30 s. */
  ttlMs?: number;
  /** Decrypted accounts kept at most; the oldest go first. */
  maxEntries?: number;
  now?: () => number;
}

const MAX_TTL_MS = 30_000;

interface Entry {
  updatedAt: string;
  secrets: readonly string[] | undefined;
  until: number;
}

/**
 * Per-account webhook secrets from the credential store, for the ingress. The ingress reads which
 * (connector, account) rows exist once per `ttlMs` (one query, nothing decrypted), so a flood of
 * requests for invented accounts never reaches PostgreSQL: an account not in that list has no
 * secret of its own. A listed account is decrypted once per `ttlMs` (or when its row changed),
 * one lookup at a time per account, and at most `maxEntries` are kept.
 */
export class AccountWebhookSecrets {
  private readonly ttlMs: number;
  private readonly maxEntries: number;
  private readonly now: () => number;
  private listed: { until: number; accounts: Map<string, string> } | undefined;
  private listing: Promise<Map<string, string>> | undefined;
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<readonly string[] | undefined>>();

  constructor(
    private readonly store: Pick<CredentialStore, 'get' | 'listAccounts'>,
    private readonly connectors: readonly string[],
    { ttlMs = MAX_TTL_MS, maxEntries = 10_000, now = Date.now }: AccountWebhookSecretsOptions = {},
  ) {
    this.ttlMs = Math.min(Math.max(ttlMs, 0), MAX_TTL_MS);
    this.maxEntries = Math.max(1, maxEntries);
    this.now = now;
  }

  /** The account's own webhook secrets (several during a rotation), or undefined when it has none. */
  async secretsFor(connector: string, account: string): Promise<readonly string[] | undefined> {
    if (!this.connectors.includes(connector)) return undefined;
    const key = `${connector}/${account}`;
    const updatedAt = (await this.accounts()).get(key);
    if (updatedAt === undefined) return undefined;
    const cached = this.entries.get(key);
    if (cached && cached.updatedAt === updatedAt && cached.until > this.now()) return cached.secrets;
    const pending = this.loading.get(key);
    if (pending) return pending;
    const load = this.load(connector, account, key, updatedAt).finally(() => this.loading.delete(key));
    this.loading.set(key, load);
    return load;
  }

  private async load(connector: string, account: string, key: string, updatedAt: string): Promise<readonly string[] | undefined> {
    const fields = await this.store.get(connector, account);
    const list = splitSecrets(fields?.[WEBHOOK_SECRET_FIELD]);
    const secrets = list.length > 0 ? list : undefined;
    this.entries.delete(key);
    if (this.entries.size >= this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
    this.entries.set(key, { updatedAt, secrets, until: this.now() + this.ttlMs });
    return secrets;
  }

  private async accounts(): Promise<Map<string, string>> {
    if (this.listed && this.listed.until > this.now()) return this.listed.accounts;
    this.listing ??= this.store
      .listAccounts(this.connectors)
      .then((rows) => {
        const accounts = new Map(rows.map((r) => [`${r.connector}/${r.account}`, r.updatedAt]));
        this.listed = { until: this.now() + this.ttlMs, accounts };
        return accounts;
      })
      .finally(() => {
        this.listing = undefined;
      });
    return this.listing;
  }
}
