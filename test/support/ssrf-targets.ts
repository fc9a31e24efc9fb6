import { lookup } from 'node:dns/promises';
import os from 'node:os';
import { isGlobalAddress } from '@hub/core/ssrf';

export interface SsrfTarget {
  /** What kind of address the URL reaches. */
  kind: string;
  url: string;
}

// Hosts that reach inside the network, in every spelling PROVIDERS.md's SSRF section names.
const HOSTS: [kind: string, host: string][] = [
  ['loopback', '127.0.0.1'],
  ['loopback, short form', '127.1'],
  ['unspecified (this host)', '0.0.0.0'],
  ['loopback name', 'localhost'],
  ['loopback name, upper case', 'LOCALHOST'],
  ['RFC 1918 10/8', '10.0.0.1'],
  ['RFC 1918 172.16/12', '172.16.0.1'],
  ['RFC 1918 192.168/16', '192.168.0.1'],
  ['CGNAT 100.64/10', '100.64.0.1'],
  ['cloud metadata', '169.254.169.254'],
  ["Azure's wire server", '168.63.129.16'],
  ['IETF 192.0.0/24', '192.0.0.170'],
  ['TEST-NET-1 192.0.2/24', '192.0.2.1'],
  ['benchmarking 198.18/15', '198.18.0.1'],
  ['reserved 240/4', '240.0.0.1'],
  ['IPv6 loopback', '[::1]'],
  ['IPv6 unspecified', '[::]'],
  ['IPv6 unique local fc00::/7', '[fd00::2]'],
  ['IPv6 link-local fe80::/10', '[fe80::1]'],
  ['IPv4-mapped loopback', '[::ffff:127.0.0.1]'],
  ['IPv4-mapped loopback, hex', '[::ffff:7f00:1]'],
  ['IPv4-compatible loopback', '[::127.0.0.1]'],
  ['6to4 of loopback', '[2002:7f00:1::]'],
  ['NAT64 of loopback', '[64:ff9b::7f00:1]'],
  ['loopback in decimal', '2130706433'],
  ['loopback in hex', '0x7f000001'],
  ['loopback in octal', '0177.0.0.1'],
  ['loopback in mixed hex/octal', '0x7f.0.0.01'],
];

/**
 * Every internal target, on the port of an internal listener (so a call that got through would
 * show there), plus the metadata endpoint on its own port and names that resolve here to internal
 * addresses (`localhost`; this machine's host name when it does).
 */
export async function ssrfTargets(port: number): Promise<SsrfTarget[]> {
  const targets = HOSTS.map(([kind, host]) => ({ kind, url: `http://${host}:${port}/ssrf` }));
  targets.push({ kind: 'cloud metadata, default port', url: 'http://169.254.169.254/latest/meta-data/iam/security-credentials/' });
  const hostname = os.hostname().toLowerCase();
  const answers = await lookup(hostname, { all: true }).catch(() => []);
  if (hostname !== 'localhost' && answers.length > 0 && answers.every((a) => !isGlobalAddress(a.address))) {
    targets.push({ kind: `this machine's name (resolves to ${answers.map((a) => a.address).join(', ')})`, url: `http://${hostname}:${port}/ssrf` });
  }
  return targets;
}
