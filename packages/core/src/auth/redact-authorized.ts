import type { HttpRequest } from '@hub/connector-sdk';
import { REDACTED, redactUrl } from '../redact/index.js';

/**
 * What the event store may record of an authorised request: every header and query parameter
 * the authorizer added or changed is replaced by `[redacted]` (whatever its name: an API key
 * header called `X-Auth` is as secret as `Authorization`); the URL as redactUrl masks it
 * (userinfo, every query value not known to be harmless, any the authorizer changed). Names stay,
 * so the record still shows how the call was authenticated.
 */
export function redactAuthorized(original: HttpRequest, authorised: HttpRequest): HttpRequest {
  const before = new Map(Object.entries(original.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(authorised.headers ?? {})) {
    headers[name] = before.get(name.toLowerCase()) === value ? value : REDACTED;
  }
  // The body is the action's own (a signer only freezes it to the string it signs).
  return Object.assign({}, authorised, { headers, url: redactUrl(authorised.url, original.url), body: original.body });
}
