import { describe, expect, it } from 'vitest';
import { isGlobalAddress } from './is-global-address.js';

// PROVIDERS.md "SSRF": every blocked range, by its first, a middle and its last address.
const BLOCKED_RANGES: [range: string, addresses: string[]][] = [
  ['0.0.0.0/8', ['0.0.0.0', '0.1.2.3', '0.255.255.255']],
  ['10/8', ['10.0.0.0', '10.1.2.3', '10.255.255.255']],
  ['100.64/10', ['100.64.0.0', '100.100.100.200', '100.127.255.255']],
  ['127/8', ['127.0.0.0', '127.0.0.1', '127.255.255.255']],
  ['169.254/16', ['169.254.0.0', '169.254.169.254', '169.254.255.255']],
  ['172.16/12', ['172.16.0.0', '172.20.1.1', '172.31.255.255']],
  ['192.0.0/24', ['192.0.0.0', '192.0.0.8', '192.0.0.255']],
  ['192.0.2/24', ['192.0.2.0', '192.0.2.2', '192.0.2.255']],
  ['192.168/16', ['192.168.0.0', '192.168.1.1', '192.168.255.255']],
  ['198.18/15', ['198.18.0.0', '198.18.200.1', '198.19.255.255']],
  ['198.51.100/24', ['198.51.100.0', '198.51.100.1', '198.51.100.255']],
  ['203.0.113/24', ['203.0.113.0', '203.0.113.1', '203.0.113.255']],
  ['224/4', ['224.0.0.0', '224.0.0.1', '239.255.255.255']],
  ['240/4', ['240.0.0.0', '250.1.2.3', '255.255.255.255']],
  ["Azure's wire server", ['168.63.129.16']],
  ['::1', ['::1']],
  ['::', ['::']],
  ['fc00::/7', ['fc00::', 'fd00::2', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff']],
  ['fe80::/10', ['fe80::', 'fe80::fc:ff:fe00:1', 'febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff']],
  ['::ffff:0:0/96 forms', ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '::ffff:169.254.169.254', '::ffff:0.0.0.0']],
  ['64:ff9b::/96 (NAT64)', ['64:ff9b::7f00:1', '64:ff9b::a9fe:a9fe', '64:ff9b::808:808']],
  ['64:ff9b:1::/48 (local NAT64)', ['64:ff9b:1::7f00:1']],
  ['2002::/16 (6to4)', ['2002:7f00:1::', '2002:a9fe:a9fe::1', '2002:808:808::']],
  // Beyond the list: other forms that can carry or reach an internal address.
  ['IPv4-compatible ::/96 (deprecated)', ['::7f00:1', '::127.0.0.1', '::a9fe:a9fe']],
  ['IPv4-translated ::ffff:0:0:0/96', ['::ffff:0:7f00:1']],
  ['Teredo 2001::/32', ['2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2']],
  ['documentation 2001:db8::/32', ['2001:db8::1']],
  ['site-local fec0::/10', ['fec0::1']],
  ['multicast ff00::/8', ['ff02::1']],
  ['discard 100::/64', ['100::1']],
  ['6to4 relay 192.88.99/24', ['192.88.99.1']],
];

describe('isGlobalAddress', () => {
  it.each(['8.8.8.8', '1.1.1.1', '93.184.216.34', '168.63.129.17', '2606:4700:4700::1111', '2a00:1450:4001:80b::200e', '::ffff:8.8.8.8'])('accepts the public address %s', (a) =>
    expect(isGlobalAddress(a)).toBe(true),
  );

  it.each(BLOCKED_RANGES.flatMap(([range, addresses]) => addresses.map((address) => [range, address] as const)))('refuses %s: %s', (_range, address) =>
    expect(isGlobalAddress(address)).toBe(false),
  );

  it.each(['not-an-ip', '', '127.0.0.1.5', '::ffff:999.0.0.1'])('refuses %j, which is no address', (a) => expect(isGlobalAddress(a)).toBe(false));
});
