import type { AuthDeclaration } from '@hub/connector-sdk';
import { z } from 'zod';
import { hubError, isHubError } from '../errors/index.js';
import type { SendHttp } from '../processing/outbound-http.js';

type OAuth2Declaration = Extract<AuthDeclaration, { type: 'oauth2' }>;

/** RFC 6749 §5.1 successful answer (only what the hub keeps). */
const TokenAnswer = z.object({
  access_token: z.string().min(1),
  token_type: z.string().min(1),
  expires_in: z.coerce.number().positive().optional(),
  refresh_token: z.string().min(1).optional(),
});

/** RFC 6749 §5.2 error answer. */
const ErrorAnswer = z.object({ error: z.string().min(1) });

export interface IssuedToken {
  accessToken: string;
  /** Epoch ms; undefined when the server did not say (the token is then used until a 401). */
  expiresAtMs: number | undefined;
  /** Present when the server issued (or rotated) one. */
  refreshToken: string | undefined;
}

export interface TokenRequest {
  declaration: OAuth2Declaration;
  clientId: string;
  clientSecret: string;
  /** `grant_type` and its parameters (refresh_token, scope …). */
  params: Record<string, string>;
  send: SendHttp;
  nowMs: number;
  /** Names the credential in errors (never its values). */
  label: string;
}

/** RFC 6749 Appendix B: client credentials in Basic are form-urlencoded before base64. */
function formEncode(value: string): string {
  return encodeURIComponent(value).replace(/%20/g, '+');
}

/**
 * One request to the token endpoint (RFC 6749 §3.2): form-encoded POST, client authentication
 * in the body or as HTTP Basic (§2.3.1). Errors carry the RFC error code only, never the values
 * sent or received.
 */
export async function requestToken({ declaration, clientId, clientSecret, params, send, nowMs, label }: TokenRequest): Promise<IssuedToken> {
  const form = new URLSearchParams(params);
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' };
  if (declaration.clientAuth === 'basic') {
    headers.authorization = `Basic ${Buffer.from(`${formEncode(clientId)}:${formEncode(clientSecret)}`).toString('base64')}`;
  } else {
    form.set('client_id', clientId);
    form.set('client_secret', clientSecret);
  }
  let res;
  try {
    res = await send({ method: 'POST', url: declaration.tokenUrl, headers, body: form.toString() });
  } catch (err) {
    if (isHubError(err) && !err.retryable) throw err; // e.g. the SSRF guard: retrying cannot help
    throw hubError('HUB_OAUTH_TOKEN_UNAVAILABLE', `${label}: the token endpoint could not be reached (${isHubError(err) ? err.code : 'connection error'})`, { cause: err });
  }
  const body = typeof res.body === 'string' ? safeJson(res.body) : res.body;
  if (res.status >= 200 && res.status < 300) {
    const parsed = TokenAnswer.safeParse(body);
    if (!parsed.success || parsed.data.token_type.toLowerCase() !== 'bearer') {
      throw hubError('HUB_OAUTH_TOKEN_UNAVAILABLE', `${label}: the token endpoint answered ${res.status} without a bearer access_token`);
    }
    const { access_token, expires_in, refresh_token } = parsed.data;
    return { accessToken: access_token, expiresAtMs: expires_in === undefined ? undefined : nowMs + expires_in * 1000, refreshToken: refresh_token };
  }
  if (res.status >= 500 || res.status === 408 || res.status === 429) {
    throw hubError('HUB_OAUTH_TOKEN_UNAVAILABLE', `${label}: the token endpoint answered ${res.status}`, { details: { status: res.status } });
  }
  const error = ErrorAnswer.safeParse(body).data?.error ?? `HTTP ${res.status}`;
  if (error === 'invalid_grant') {
    throw hubError('HUB_OAUTH_INVALID_GRANT', `${label}: the authorization server refused the grant (invalid_grant); the account must be reconnected`, { details: { status: res.status, error } });
  }
  throw hubError('HUB_OAUTH_CLIENT_REJECTED', `${label}: the token endpoint refused the request (${error}); check the stored clientId and clientSecret`, { details: { status: res.status, error } });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
