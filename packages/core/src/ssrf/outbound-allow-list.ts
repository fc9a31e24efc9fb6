import ipaddr from 'ipaddr.js';
import { z } from 'zod';

// `host`, `host:port` or `[ipv6]` / `[ipv6]:port` (a bare IPv6 address is read further down).
const ENTRY = /^(\[[0-9A-Fa-f:.]+\]|[^\s:[\]/@?#]+)(?::(\d{1,5}))?$/;

/**
 * One HUB_OUTBOUND_ALLOWED_HOSTS entry in the form `isAllowedOrigin` compares: the host as a URL
 * spells it (lower case, numeric IPv4 forms normalised, IPv6 compressed in brackets), then
 * `:port` when the entry names one. Undefined for something that is not a host.
 */
export function normalizeAllowEntry(entry: string): string | undefined {
  const text = ipaddr.IPv6.isValid(entry) ? `[${entry}]` : entry;
  const match = ENTRY.exec(text);
  if (!match) return undefined;
  const [, host, port] = match as unknown as [string, string, string | undefined];
  let hostname: string;
  try {
    hostname = new URL(`http://${host}/`).hostname;
  } catch {
    return undefined;
  }
  if (port === undefined) return hostname;
  const number = Number(port);
  return number >= 1 && number <= 65535 ? `${hostname}:${number}` : undefined;
}

/** The port a URL connects to (its explicit one, else the scheme's default). */
function effectivePort(url: URL): string {
  if (url.port) return url.port;
  return url.protocol === 'https:' ? '443' : url.protocol === 'http:' ? '80' : '';
}

/**
 * Whether the operator exempted this URL's origin from the internal-address block: its host
 * (any port) or its `host:port` is on the list. A loopback service on another port stays refused.
 */
export function isAllowedOrigin(url: URL, allowed: ReadonlySet<string>): boolean {
  if (allowed.size === 0) return false;
  const host = url.hostname;
  return allowed.has(host) || allowed.has(host.replace(/^\[|\]$/g, '')) || allowed.has(`${host}:${effectivePort(url)}`);
}

/**
 * HUB_OUTBOUND_ALLOWED_HOSTS, comma-separated: `host` (any port), `host:port`, `[ipv6]:port`.
 * One schema for every app that reads it (worker, console, Slack app), so they agree on what a
 * workflow may reach.
 */
export const OutboundAllowedHosts = z
  .string()
  .default('')
  .transform((value, ctx) => {
    const entries = value.split(',').map((e) => e.trim()).filter(Boolean);
    const allowed = new Set<string>();
    for (const entry of entries) {
      const normalized = normalizeAllowEntry(entry);
      if (normalized === undefined) ctx.addIssue({ code: 'custom', message: `"${entry}" is not a host, host:port or [ipv6]:port` });
      else allowed.add(normalized);
    }
    return allowed as ReadonlySet<string>;
  });
