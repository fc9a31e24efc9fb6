import { AuthDeclaration, type Connector, type HttpRequest } from '@hub/connector-sdk';
import type { CredentialFields, CredentialStore } from '../credentials/index.js';
import { hubError } from '../errors/index.js';
import { authorizeRequest } from './authorize-request.js';
import { credentialsSetCommand } from './credentials-command.js';
import { resolveBaseUrl } from './resolve-base-url.js';
import type { CredentialRef, OAuth2TokenManager } from './oauth2-token-manager.js';

/** Adds credentials to a request just before it leaves. */
export interface RequestAuthorizer {
  authorize(req: HttpRequest): Promise<HttpRequest>;
  /**
   * After the provider answered 401 to `rejected`: the request with a renewed credential, once.
   * Absent for static credentials (an API key does not get better by asking again).
   */
  reauthorize?(req: HttpRequest, rejected: HttpRequest): Promise<HttpRequest>;
}

export interface OutboundAuthOptions {
  /** Undefined when HUB_MASTER_KEYS is not set: a connector that declares auth then fails permanently, saying so. */
  store: CredentialStore | undefined;
  tokens: OAuth2TokenManager | undefined;
  /** HUB_ENVIRONMENT: which of a connector's `baseUrls` applies (default production). */
  environment?: string;
  /** The environment, for `<ID>_BASE_URL` overrides. */
  baseUrlOverrides?: Readonly<Record<string, string | undefined>>;
  now?: () => number;
  /** How long decrypted static credentials are reused before the store is read again. */
  cacheMs?: number;
}

/**
 * The outbound side of a target connector for one event: its base URL, and its credentials for
 * the event's account (falling back to the connector's default account '') that authorise
 * its requests.
 */
export class OutboundAuth {
  private readonly cache = new Map<string, { ref: CredentialRef; fields: CredentialFields; until: number }>();
  private readonly now: () => number;

  constructor(private readonly options: OutboundAuthOptions) {
    this.now = options.now ?? Date.now;
  }

  /** `ctx.baseUrl` of an action of `connector` run for `account`. */
  baseUrlFor(connector: Pick<Connector, 'id' | 'baseUrls'>, account: string | null): string | undefined {
    return resolveBaseUrl(connector, this.options.environment ?? 'production', this.options.baseUrlOverrides ?? {}, account);
  }

  /** The authorizer for calls to `connector` on behalf of `account`; undefined when it declares no auth. */
  authorizerFor(connector: Pick<Connector, 'id' | 'auth'>, account: string | null): RequestAuthorizer | undefined {
    if (!connector.auth) return undefined;
    const declaration = AuthDeclaration.parse(connector.auth);
    if (declaration.type === 'none') return undefined;
    if (declaration.type !== 'oauth2') {
      return { authorize: async (req) => authorizeRequest(declaration, (await this.credentials(connector.id, account ?? '', declaration)).fields, req, this.now()) };
    }
    const tokens = this.options.tokens;
    const withToken = async (req: HttpRequest, rejected?: string) => {
      const { ref } = await this.credentials(connector.id, account ?? '', declaration);
      if (!tokens) throw hubError('HUB_CREDENTIALS_MISSING', `${connector.id}: oauth2 needs the worker's token manager (Redis and the credential store)`);
      return authorizeRequest(declaration, { accessToken: await tokens.accessToken(ref, declaration, rejected) }, req, this.now());
    };
    return {
      authorize: (req) => withToken(req),
      reauthorize: (req, rejected) => withToken(req, bearerOf(rejected)),
    };
  }

  private async credentials(connector: string, account: string, declaration: AuthDeclaration): Promise<{ ref: CredentialRef; fields: CredentialFields }> {
    const key = `${connector}\u0000${account}`;
    const cached = this.cache.get(key);
    if (cached && cached.until > this.now()) return cached;
    const { store } = this.options;
    if (!store) {
      throw hubError('HUB_CREDENTIALS_MISSING', `${connector} declares ${declaration.type} auth but HUB_MASTER_KEYS is not set, so no credentials can be read; set HUB_MASTER_KEYS (openssl rand -base64 32) and run: ${credentialsSetCommand(connector, account, declaration)}`);
    }
    let ref: CredentialRef = { connector, account };
    let fields = await store.get(connector, account);
    if (!fields && account !== '') {
      ref = { connector, account: '' };
      fields = await store.get(connector, '');
    }
    if (!fields) {
      throw hubError('HUB_CREDENTIALS_MISSING', `no credentials stored for ${connector}${account ? ` (account "${account}" nor the default account)` : ''}; run: ${credentialsSetCommand(connector, account, declaration)}`);
    }
    const entry = { ref, fields, until: this.now() + (this.options.cacheMs ?? 30_000) };
    this.cache.set(key, entry);
    return entry;
  }
}

function bearerOf(req: HttpRequest): string | undefined {
  const value = Object.entries(req.headers ?? {}).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return value?.startsWith('Bearer ') ? value.slice('Bearer '.length) : undefined;
}
