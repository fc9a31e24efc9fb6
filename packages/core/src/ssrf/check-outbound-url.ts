import { isGlobalAddress } from './is-global-address.js';
import { resolveWithDns, type ResolveHost } from './guarded-lookup.js';
import { isAllowedOrigin } from './outbound-allow-list.js';

export type OutboundUrlCheck =
  | { ok: true }
  | { ok: false; host: string; reason: 'internal_address'; address: string }
  | { ok: false; host: string; reason: 'unresolvable' }
  | { ok: false; reason: 'invalid_url' };

/**
 * Says when a URL is saved whether the hub's later call to it would reach inside the network (any
 * of its DNS answers not global), unless its host or host:port is allowed. The outbound client
 * refuses that call at runtime anyway; this lets a form or an API refuse it at once, naming the
 * address. A literal IP resolves to itself.
 */
export async function checkOutboundUrl(url: string, allowedHosts: ReadonlySet<string>, resolve: ResolveHost = resolveWithDns): Promise<OutboundUrlCheck> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { ok: false, reason: 'invalid_url' };
  if (isAllowedOrigin(parsed, allowedHosts)) return { ok: true };
  const host = parsed.hostname.replace(/^\[|\]$/g, '');
  const addresses = await resolve(host, {}).catch(() => []);
  if (addresses.length === 0) return { ok: false, host, reason: 'unresolvable' };
  const internal = addresses.find((a) => !isGlobalAddress(a.address));
  return internal ? { ok: false, host, reason: 'internal_address', address: internal.address } : { ok: true };
}

/** A refusal of checkOutboundUrl in words, for a form field or an API's problem list. */
export function describeOutboundRefusal(check: Exclude<OutboundUrlCheck, { ok: true }>): string {
  switch (check.reason) {
    case 'internal_address':
      return `${check.host === check.address ? check.host : `${check.host} resolves to ${check.address}, which`} is an internal address (HUB_OUTBOUND_ALLOWED_HOSTS names the hosts or host:port meant to be reached)`;
    case 'unresolvable':
      return `${check.host} does not resolve`;
    case 'invalid_url':
      return 'not an http(s) URL';
  }
}
