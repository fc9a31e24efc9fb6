import dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { hubError } from '../errors/index.js';

// Azure's wire server sits in otherwise global space (PROVIDERS.md).
const AZURE_WIRESERVER = ipaddr.parse('168.63.129.16');

/**
 * True only for global unicast addresses. IPv4-mapped IPv6 is judged as the IPv4 it carries;
 * NAT64 (64:ff9b::/96), 6to4 (2002::/16) and Teredo are refused outright, since they can
 * wrap any internal IPv4 address.
 */
export function isGlobalAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.range() !== 'ipv4Mapped') return v6.range() === 'unicast';
    parsed = v6.toIPv4Address();
  }
  const v4 = parsed as ipaddr.IPv4;
  return v4.range() === 'unicast' && v4.toString() !== AZURE_WIRESERVER.toString();
}

function blocked(host: string, address: string) {
  return hubError('HUB_OUTBOUND_ADDRESS_BLOCKED', `${host} resolves to ${address}, which is not a public address; add it to HUB_OUTBOUND_ALLOWED_HOSTS if it is meant to be reached`, {
    details: { host, address },
  });
}

/** Refuses a URL whose host is a literal internal IP (those never reach the DNS lookup below). */
export function assertPublicLiteralHost(url: URL, allowedHosts: ReadonlySet<string>): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (allowedHosts.has(host.toLowerCase()) || !ipaddr.isValid(host)) return;
  if (!isGlobalAddress(host)) throw blocked(host, host);
}

/**
 * A DNS lookup for outbound connections: every A/AAAA answer must be public (unless the host is
 * allowed), and the socket connects to an address from this same answer, so a DNS rebinding
 * between check and connect is impossible.
 */
export function guardedLookup(allowedHosts: ReadonlySet<string>): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      if (!allowedHosts.has(hostname.toLowerCase())) {
        const internal = addresses.find((a) => !isGlobalAddress(a.address));
        if (internal) return callback(blocked(hostname, internal.address), []);
      }
      if (options.all) return callback(null, addresses);
      const first = addresses[0] as dns.LookupAddress;
      return callback(null, first.address, first.family);
    });
  }) as LookupFunction;
}

export type OutboundUrlCheck =
  | { ok: true }
  | { ok: false; host: string; reason: 'internal_address'; address: string }
  | { ok: false; host: string; reason: 'unresolvable' }
  | { ok: false; reason: 'invalid_url' };

/**
 * Says when a URL is saved whether the hub's later call to it would reach inside the network (any
 * of its DNS answers not global), unless its host is allowed. guardedLookup refuses that call at
 * runtime anyway; this lets a form or an API refuse it at once, naming the address. A literal IP
 * resolves to itself.
 */
export async function checkOutboundUrl(url: string, allowedHosts: ReadonlySet<string>): Promise<OutboundUrlCheck> {
  let host: string;
  try {
    host = new URL(url).hostname.replace(/^\[|\]$/g, '').toLowerCase();
  } catch {
    return { ok: false, reason: 'invalid_url' };
  }
  if (allowedHosts.has(host)) return { ok: true };
  const addresses = await lookup(host, { all: true }).catch(() => []);
  if (addresses.length === 0) return { ok: false, host, reason: 'unresolvable' };
  const internal = addresses.find((a) => !isGlobalAddress(a.address));
  return internal ? { ok: false, host, reason: 'internal_address', address: internal.address } : { ok: true };
}

/** A refusal of checkOutboundUrl in words, for a form field or an API's problem list. */
export function describeOutboundRefusal(check: Exclude<OutboundUrlCheck, { ok: true }>): string {
  switch (check.reason) {
    case 'internal_address':
      return `${check.host === check.address ? check.host : `${check.host} resolves to ${check.address}, which`} is an internal address (HUB_OUTBOUND_ALLOWED_HOSTS names hosts meant to be reached)`;
    case 'unresolvable':
      return `${check.host} does not resolve`;
    case 'invalid_url':
      return 'not a URL';
  }
}
