import dns from 'node:dns';
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
