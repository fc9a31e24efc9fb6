import { createHmac } from 'node:crypto';
import type { AuthDeclaration, HttpRequest } from '@hub/connector-sdk';
import { setHeader } from './set-header.js';

type HmacDeclaration = Extract<AuthDeclaration, { type: 'hmac' }>;

/** The body exactly as it will be sent (outbound-http serialises objects with JSON.stringify). */
export function bodyAsSent(body: unknown): string {
  if (body === undefined) return '';
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** `{path}` is the path with its query string, as the provider sees it in the request line. */
export function signedContentFor(declaration: HmacDeclaration, req: HttpRequest, timestamp: string): string {
  const url = new URL(req.url);
  const parts: Record<string, string> = { timestamp, method: req.method, path: `${url.pathname}${url.search}`, body: bodyAsSent(req.body) };
  // One pass, so a body that contains "{timestamp}" is not itself substituted.
  return declaration.signedContent.replace(/\{(timestamp|method|path|body)\}/g, (_, name: string) => parts[name] as string);
}

/**
 * Signs a request with the connector's shared secret: the signature of the declared content
 * in the declared header, the unix timestamp (seconds, from `nowMs`) in its header when one
 * is declared, and the key id when the provider wants it.
 */
export function signHmac(declaration: HmacDeclaration, secret: string, req: HttpRequest, nowMs: number, keyId?: string): HttpRequest {
  const timestamp = String(Math.floor(nowMs / 1000));
  const signature = createHmac(declaration.algorithm, secret).update(signedContentFor(declaration, req, timestamp), 'utf8').digest(declaration.encoding);
  let headers = setHeader(req.headers, declaration.header, `${declaration.prefix ?? ''}${signature}`);
  if (declaration.timestampHeader) headers = setHeader(headers, declaration.timestampHeader, timestamp);
  if (declaration.keyIdHeader && keyId) headers = setHeader(headers, declaration.keyIdHeader, keyId);
  // The signed body must be the bytes sent: freeze it as a string.
  return Object.assign({}, req, { headers }, req.body === undefined ? {} : { body: bodyAsSent(req.body) });
}
