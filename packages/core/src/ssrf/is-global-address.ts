import ipaddr from 'ipaddr.js';

// Azure's wire server sits in otherwise global space (PROVIDERS.md).
const AZURE_WIRESERVER = '168.63.129.16';
// IANA's global unicast allocation: everything outside 2000::/3 (::/8 with the deprecated
// IPv4-compatible ::a.b.c.d, fc00::/7, fe80::/10, ff00::/8 …) is never a public destination.
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * True only for global unicast addresses. IPv4-mapped IPv6 is judged as the IPv4 it carries;
 * NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo (2001::/32) are refused
 * outright, since they can wrap any internal IPv4 address. ipaddr.js names every other
 * special-purpose range (private, loopback, linkLocal, carrierGradeNat, reserved for
 * 192.0.0/24, 198.18/15, 240/4 and the documentation nets, multicast, broadcast, …).
 */
export function isGlobalAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6') {
    const v6 = parsed as ipaddr.IPv6;
    if (v6.range() !== 'ipv4Mapped') return v6.range() === 'unicast' && v6.match(IPV6_GLOBAL_UNICAST);
    parsed = v6.toIPv4Address();
  }
  const v4 = parsed as ipaddr.IPv4;
  return v4.range() === 'unicast' && v4.toString() !== AZURE_WIRESERVER;
}
