import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { listenOnLoopback } from './listen-on-loopback.js';

export interface OAuth2ServerOptions {
  clients: { clientId: string; clientSecret: string }[];
  /** `expires_in` of issued access tokens (default 3600). Changeable later through `tokenLifetimeSeconds`. */
  tokenLifetimeSeconds?: number;
  /** Rotate the refresh token on every refresh_token grant (default true). */
  rotateRefreshTokens?: boolean;
  /** Hold each token answer this long: lets a test make concurrent refreshes overlap. */
  tokenDelayMs?: number;
  now?: () => number;
}

export interface ResourceRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** The access token presented, valid or not. */
  token: string | undefined;
  status: number;
}

export interface OAuth2Server {
  url: string;
  tokenUrl: string;
  /** A protected resource: 200 with a valid bearer token, otherwise 401 as RFC 6750 §3 says. */
  resourceUrl: string;
  tokenLifetimeSeconds: number;
  /** Token endpoint requests by grant_type (failed ones included). */
  tokenRequests: Record<string, number>;
  /** Every request to the protected resource. */
  resourceRequests: ResourceRequest[];
  /** An authorization code for `clientId` (what the consent redirect would carry); single use. */
  mintCode(clientId: string, scope?: string): string;
  /** Issues a refresh token directly, as if a code had been exchanged earlier. */
  mintRefreshToken(clientId: string, scope?: string): string;
  /** Makes a refresh token invalid (the user disconnected the app): its next use is invalid_grant. */
  revokeRefreshToken(token: string): void;
  /** Makes an access token invalid before its expiry: the resource answers 401 invalid_token. */
  revokeAccessToken(token: string): void;
  /** Whether an access token is currently accepted. */
  isValidAccessToken(token: string): boolean;
  close(): Promise<void>;
}

interface Grant {
  clientId: string;
  scope: string | undefined;
}

/**
 * A local authorization server following RFC 6749: a token endpoint (form-encoded; grants
 * client_credentials, authorization_code, refresh_token with rotation; client authentication
 * by HTTP Basic or body parameters; §5.2 JSON errors; `Cache-Control: no-store`) and a
 * protected resource checking bearer tokens as RFC 6750 describes.
 */
export async function startOAuth2Server(options: OAuth2ServerOptions): Promise<OAuth2Server> {
  const now = options.now ?? Date.now;
  const clients = new Map(options.clients.map((c) => [c.clientId, c.clientSecret]));
  const codes = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, { expiresAtMs: number }>();
  const newToken = (kind: string) => `${kind}_${randomBytes(18).toString('base64url')}`;

  const state: OAuth2Server = {
    url: '',
    tokenUrl: '',
    resourceUrl: '',
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    tokenRequests: {},
    resourceRequests: [],
    mintCode(clientId, scope) {
      const code = newToken('code');
      codes.set(code, { clientId, scope });
      return code;
    },
    mintRefreshToken(clientId, scope) {
      const token = newToken('rt');
      refreshTokens.set(token, { clientId, scope });
      return token;
    },
    revokeRefreshToken: (token) => void refreshTokens.delete(token),
    revokeAccessToken: (token) => void accessTokens.delete(token),
    isValidAccessToken(token) {
      const entry = accessTokens.get(token);
      return entry !== undefined && entry.expiresAtMs > now();
    },
    close: async () => undefined,
  };

  const issue = (grant: Grant, refresh: 'new' | 'none'): Record<string, unknown> => {
    const accessToken = newToken('at');
    accessTokens.set(accessToken, { expiresAtMs: now() + state.tokenLifetimeSeconds * 1000 });
    const answer: Record<string, unknown> = { access_token: accessToken, token_type: 'Bearer', expires_in: state.tokenLifetimeSeconds };
    if (grant.scope) answer.scope = grant.scope;
    if (refresh === 'new') {
      const refreshToken = newToken('rt');
      refreshTokens.set(refreshToken, grant);
      answer.refresh_token = refreshToken;
    }
    return answer;
  };

  const token = (req: http.IncomingMessage, form: URLSearchParams): { status: number; headers?: Record<string, string>; body: Record<string, unknown> } => {
    const grantType = form.get('grant_type') ?? '';
    state.tokenRequests[grantType] = (state.tokenRequests[grantType] ?? 0) + 1;
    const error = (status: number, code: string, description: string, headers?: Record<string, string>) => ({ status, body: { error: code, error_description: description }, ...(headers ? { headers } : {}) });
    if (!(req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded')) {
      return error(400, 'invalid_request', 'the token request must be application/x-www-form-urlencoded');
    }
    // §2.3.1: Basic (values form-urlencoded first) or client_id/client_secret in the body, not both.
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    let clientId: string | undefined;
    let clientSecret: string | undefined;
    if (basic) {
      const decoded = Buffer.from(basic, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      const unform = (s: string) => decodeURIComponent(s.replace(/\+/g, ' '));
      clientId = unform(decoded.slice(0, colon));
      clientSecret = unform(decoded.slice(colon + 1));
      if (form.has('client_secret')) return error(400, 'invalid_request', 'more than one client authentication method');
    } else {
      clientId = form.get('client_id') ?? undefined;
      clientSecret = form.get('client_secret') ?? undefined;
    }
    if (!clientId || isBlank(clientSecret) || clients.get(clientId) !== clientSecret) {
      return error(401, 'invalid_client', 'client authentication failed', basic ? { 'www-authenticate': 'Basic realm="oauth2-simulator"' } : undefined);
    }
    switch (grantType) {
      case 'client_credentials':
        return { status: 200, body: issue({ clientId, scope: form.get('scope') ?? undefined }, 'none') };
      case 'authorization_code': {
        const code = form.get('code') ?? '';
        const grant = codes.get(code);
        codes.delete(code); // §4.1.2: a code is used once
        if (!grant || grant.clientId !== clientId) return error(400, 'invalid_grant', 'the authorization code is invalid, used or was issued to another client');
        return { status: 200, body: issue(grant, 'new') };
      }
      case 'refresh_token': {
        const presented = form.get('refresh_token') ?? '';
        const grant = refreshTokens.get(presented);
        if (!grant || grant.clientId !== clientId) return error(400, 'invalid_grant', 'the refresh token is invalid, expired or revoked');
        if (options.rotateRefreshTokens === false) return { status: 200, body: { ...issue(grant, 'none'), refresh_token: presented } };
        refreshTokens.delete(presented); // rotation: the old refresh token is void from now on
        return { status: 200, body: issue(grant, 'new') };
      }
      case '':
        return error(400, 'invalid_request', 'grant_type is missing');
      default:
        return error(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
    }
  };

  const resource = (req: http.IncomingMessage, res: http.ServerResponse) => {
    const presented = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const ok = presented !== undefined && state.isValidAccessToken(presented);
    const status = ok ? 200 : 401;
    state.resourceRequests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, token: presented, status });
    if (ok) return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ok: true }));
    // RFC 6750 §3.1: no error code when the request carried no token at all.
    const challenge = presented === undefined ? 'Bearer realm="oauth2-simulator"' : 'Bearer realm="oauth2-simulator", error="invalid_token", error_description="The access token expired or is unknown"';
    res.writeHead(401, { 'www-authenticate': challenge, 'content-type': 'application/json' }).end(JSON.stringify({ error: 'invalid_token' }));
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://sim').pathname;
      if (path === '/oauth/token') {
        if (req.method !== 'POST') return void res.writeHead(405, { allow: 'POST' }).end();
        const answer = token(req, new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
        const send = () =>
          res.writeHead(answer.status, { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache', ...answer.headers }).end(JSON.stringify(answer.body));
        if (options.tokenDelayMs) setTimeout(send, options.tokenDelayMs);
        else send();
        return;
      }
      if (path.startsWith('/api/')) return resource(req, res);
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not_found' }));
    });
  });
  const listening = await listenOnLoopback(server);
  state.url = listening.url;
  state.tokenUrl = `${listening.url}/oauth/token`;
  state.resourceUrl = `${listening.url}/api/resource`;
  state.close = listening.close;
  return state;
}

function isBlank(secret: string | undefined): boolean {
  return secret === undefined || secret === '';
}
