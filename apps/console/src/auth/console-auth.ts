import { createHash, timingSafeEqual } from 'node:crypto';
import { apiActor, BOOTSTRAP_TOKEN_NAME, type ApiPrincipal, type ApiTokenStore } from '@hub/core/api-tokens';

export interface ConsoleAuthOptions {
  tokens: ApiTokenStore;
  /** HUB_CONSOLE_TOKEN: an operator token that needs no database row (the first operator's key). */
  bootstrapToken?: string | undefined;
  /**
   * Development only: while no credential exists at all (no bootstrap token, no active named
   * token), loopback requests without a token may read. Never in production.
   */
  openReadsWithoutCredential: boolean;
}

/** The principal of an open development console: reads only, recorded as such. */
export const ANONYMOUS_LOOPBACK: ApiPrincipal = Object.freeze({ name: 'anonymous-loopback', role: 'viewer', actor: apiActor('anonymous-loopback') });

/** How long "is any token active?" is reused: creating the first token closes an open console within this. */
const CREDENTIAL_CHECK_MS = 2_000;

const digest = (value: string): Buffer => createHash('sha256').update(value, 'utf8').digest();

/** `Authorization: Bearer <token>` (the scheme is case-insensitive, RFC 9110 §11.1). */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return match?.[1];
}

/**
 * Who a console request acts as. A presented token is the bootstrap token (compared in constant
 * time, over digests so no length leaks) or a named token (by its hash); nothing else counts.
 */
export class ConsoleAuth {
  private readonly bootstrapDigest: Buffer | undefined;
  private credentialCheck: { until: number; exists: Promise<boolean> } | undefined;

  constructor(private readonly options: ConsoleAuthOptions) {
    this.bootstrapDigest = options.bootstrapToken ? digest(options.bootstrapToken) : undefined;
  }

  /** The principal a presented token stands for, or undefined when it stands for none. */
  async principalFor(token: string): Promise<ApiPrincipal | undefined> {
    if (this.bootstrapDigest && timingSafeEqual(digest(token), this.bootstrapDigest)) {
      return { name: BOOTSTRAP_TOKEN_NAME, role: 'operator', actor: apiActor(BOOTSTRAP_TOKEN_NAME) };
    }
    return this.options.tokens.authenticate(token);
  }

  /** Whether a request without a token may read: development, no credential configured at all. */
  async anonymousReadsAllowed(): Promise<boolean> {
    if (!this.options.openReadsWithoutCredential || this.bootstrapDigest) return false;
    return !(await this.anyTokenActive());
  }

  /** Whether some credential exists that could open the console (for start-up checks and messages). */
  async hasCredential(): Promise<boolean> {
    return Boolean(this.bootstrapDigest) || (await this.anyTokenActive());
  }

  private anyTokenActive(): Promise<boolean> {
    const now = Date.now();
    if (!this.credentialCheck || this.credentialCheck.until <= now) {
      const exists = this.options.tokens.hasActiveTokens();
      // A failed check answers "a credential exists": the console then asks for a token (fails closed).
      this.credentialCheck = { until: now + CREDENTIAL_CHECK_MS, exists: exists.catch(() => true) };
    }
    return this.credentialCheck.exists;
  }
}
