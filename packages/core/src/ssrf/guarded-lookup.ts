import type dns from 'node:dns';
import { lookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';
import { hubError } from '../errors/index.js';
import { isGlobalAddress } from './is-global-address.js';

/** Every A/AAAA answer for a host name. Tests pass their own to play a DNS that answers internal addresses. */
export type ResolveHost = (hostname: string, options: { family?: number | undefined }) => Promise<dns.LookupAddress[]>;

export const resolveWithDns: ResolveHost = (hostname, { family }) => lookup(hostname, { all: true, ...(family ? { family } : {}) });

export function addressBlocked(host: string, address: string) {
  return hubError('HUB_OUTBOUND_ADDRESS_BLOCKED', `${host} resolves to ${address}, which is not a public address; add it to HUB_OUTBOUND_ALLOWED_HOSTS (host or host:port) if it is meant to be reached`, {
    details: { host, address },
  });
}

/** Refuses a URL whose host is a literal internal IP (those never reach a DNS lookup). */
export function assertPublicLiteralHost(url: URL): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host) && !isGlobalAddress(host)) throw addressBlocked(host, host);
}

/**
 * A DNS lookup for outbound connections: every A/AAAA answer must be public, and the socket
 * connects to an address from this same answer, so a DNS rebinding between check and connect
 * is impossible. Hosts the operator allowed never come here (they use another connection pool).
 */
export function guardedLookup(resolve: ResolveHost = resolveWithDns): LookupFunction {
  return ((hostname: string, options: dns.LookupOptions, callback: (err: Error | null, address: string | dns.LookupAddress[], family?: number) => void) => {
    resolve(hostname, { family: typeof options.family === 'number' ? options.family : undefined }).then(
      (addresses) => {
        const internal = addresses.find((a) => !isGlobalAddress(a.address));
        if (internal) return callback(addressBlocked(hostname, internal.address), []);
        if (addresses.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), []);
        if (options.all) return callback(null, addresses);
        const first = addresses[0] as dns.LookupAddress;
        return callback(null, first.address, first.family);
      },
      (err: Error) => callback(err, []),
    );
  }) as LookupFunction;
}
