import ipaddr from 'ipaddr.js';

/**
 * The key a client's refusals are counted under: its IPv4 address, or the /64 of an IPv6 one (one
 * subscriber commonly holds a whole /64, so counting single IPv6 addresses would not bound anyone).
 * An IPv4-mapped IPv6 address counts as its IPv4 address.
 */
export function sourceKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const parsed = ipaddr.process(ip);
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4);
  return `${parts.map((p) => p.toString(16)).join(':')}::/64`;
}

/**
 * `compute` (a pure function of an address) remembered for up to `max` addresses, forgotten all at
 * once past that. The refusal hooks ask for every request, and parsing the address took 2.7 % of
 * the ingress's busy time at its maximum rate, more with an exempt list (docs/benchmarks.md,
 * twenty-second increment); providers deliver from a handful of addresses.
 */
export function rememberedByAddress<T>(compute: (ip: string) => T, max = 4096): (ip: string) => T {
  const known = new Map<string, T>();
  return (ip) => {
    if (known.has(ip)) return known.get(ip) as T;
    if (known.size >= max) known.clear();
    const value = compute(ip);
    known.set(ip, value);
    return value;
  };
}

/** Addresses and CIDR ranges (`10.0.0.0/8`, `2001:db8::/32`, `192.0.2.7`) an address can be matched against. */
export class AddressRanges {
  private readonly ranges: [ipaddr.IPv4 | ipaddr.IPv6, number][];

  constructor(specs: readonly string[]) {
    this.ranges = specs.map((spec) => (spec.includes('/') ? ipaddr.parseCIDR(spec) : single(spec)));
  }

  get size(): number {
    return this.ranges.length;
  }

  includes(ip: string): boolean {
    if (this.ranges.length === 0 || !ipaddr.isValid(ip)) return false;
    const address = ipaddr.process(ip);
    return this.ranges.some(([range, bits]) => range.kind() === address.kind() && address.match(range, bits));
  }
}

function single(spec: string): [ipaddr.IPv4 | ipaddr.IPv6, number] {
  const address = ipaddr.process(spec);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

/** True when every entry is an address or a CIDR range (for config validation). */
export function isAddressOrRange(spec: string): boolean {
  return spec.includes('/') ? ipaddr.isValidCIDR(spec) : ipaddr.isValid(spec);
}
