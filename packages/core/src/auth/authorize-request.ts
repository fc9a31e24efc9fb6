import type { AuthDeclaration, HttpRequest } from '@hub/connector-sdk';
import type { CredentialFields } from '../credentials/index.js';
import { hubError } from '../errors/index.js';
import { requiredFields } from './credentials-command.js';
import { setHeader } from './set-header.js';
import { signHmac } from './sign-hmac.js';

/**
 * Adds a connector's credentials to one outbound request, as its auth declaration says. Pure:
 * the clock is a parameter (HMAC timestamps), the request is copied, never changed. For oauth2
 * the credentials must already hold a current `accessToken` (OAuth2TokenManager keeps it).
 */
export function authorizeRequest(declaration: AuthDeclaration, credentials: CredentialFields, req: HttpRequest, nowMs: number): HttpRequest {
  const field = (name: string): string => {
    const value = credentials[name];
    if (!value) throw hubError('HUB_CREDENTIALS_MISSING', `the stored credentials lack "${name}" (${declaration.type} auth needs ${requiredFields(declaration).join(', ')})`);
    return value;
  };
  const withHeader = (name: string, value: string): HttpRequest => Object.assign({}, req, { headers: setHeader(req.headers, name, value) });
  switch (declaration.type) {
    case 'none':
      return req;
    case 'apiKey': {
      const value = `${declaration.prefix ?? ''}${field('apiKey')}`;
      if (declaration.in === 'header') return withHeader(declaration.name, value);
      const url = new URL(req.url);
      url.searchParams.set(declaration.name, value);
      return Object.assign({}, req, { url: url.toString() });
    }
    case 'bearer':
      return withHeader('authorization', `Bearer ${field('token')}`);
    case 'basic':
      // RFC 7617: user-id ":" password, UTF-8, base64.
      return withHeader('authorization', `Basic ${Buffer.from(`${field('username')}:${field('password')}`, 'utf8').toString('base64')}`);
    case 'hmac':
      return signHmac(declaration, field('secret'), req, nowMs, credentials.keyId);
    case 'oauth2':
      return withHeader('authorization', `Bearer ${field('accessToken')}`);
  }
}
