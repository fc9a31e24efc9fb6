import { describe, expect, it } from 'vitest';
import { isAllowedOrigin, normalizeAllowEntry, OutboundAllowedHosts } from './outbound-allow-list.js';

describe('OutboundAllowedHosts (HUB_OUTBOUND_ALLOWED_HOSTS)', () => {
  it('reads hosts, host:port and [ipv6]:port entries in the form a URL spells them', () => {
    const parsed = OutboundAllowedHosts.parse(' 127.0.0.1:4010, LocalHost ,[::1]:8080, ::1, sidecar.internal:443, 0x7f000001:9000 ');
    expect([...parsed]).toEqual(['127.0.0.1:4010', 'localhost', '[::1]:8080', '[::1]', 'sidecar.internal:443', '127.0.0.1:9000']);
  });

  it('is empty when unset', () => {
    expect(OutboundAllowedHosts.parse(undefined).size).toBe(0);
  });

  it('names every entry that is not a host, host:port or [ipv6]:port', () => {
    const result = OutboundAllowedHosts.safeParse('ok.example, http://x.example, a:b, host:70000, user@host, [nope]:1');
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message)).toEqual([
      '"http://x.example" is not a host, host:port or [ipv6]:port',
      '"a:b" is not a host, host:port or [ipv6]:port',
      '"host:70000" is not a host, host:port or [ipv6]:port',
      '"user@host" is not a host, host:port or [ipv6]:port',
      '"[nope]:1" is not a host, host:port or [ipv6]:port',
    ]);
  });

  it('normalises an entry like the URL parser does', () => {
    expect(normalizeAllowEntry('[0:0:0:0:0:0:0:1]:80')).toBe('[::1]:80');
    expect(normalizeAllowEntry('2130706433')).toBe('127.0.0.1');
  });
});

describe('isAllowedOrigin', () => {
  const allowed = OutboundAllowedHosts.parse('127.0.0.1:4010,sidecar,[::1]:8080');

  it('allows the named port of a host:port entry and no other port of that host', () => {
    expect(isAllowedOrigin(new URL('http://127.0.0.1:4010/ledger'), allowed)).toBe(true);
    expect(isAllowedOrigin(new URL('http://2130706433:4010/ledger'), allowed)).toBe(true);
    for (const port of [3000, 4566, 6379, 4011]) expect(isAllowedOrigin(new URL(`http://127.0.0.1:${port}/`), allowed)).toBe(false);
    expect(isAllowedOrigin(new URL('http://127.0.0.1/'), allowed)).toBe(false);
  });

  it('allows every port of a bare host entry', () => {
    expect(isAllowedOrigin(new URL('http://sidecar:1234/'), allowed)).toBe(true);
    expect(isAllowedOrigin(new URL('https://SIDECAR/'), allowed)).toBe(true);
  });

  it('compares the scheme default port when the URL names none', () => {
    const https = OutboundAllowedHosts.parse('api.internal:443');
    expect(isAllowedOrigin(new URL('https://api.internal/v1'), https)).toBe(true);
    expect(isAllowedOrigin(new URL('http://api.internal/v1'), https)).toBe(false);
  });

  it('matches IPv6 entries with their port', () => {
    expect(isAllowedOrigin(new URL('http://[::1]:8080/'), allowed)).toBe(true);
    expect(isAllowedOrigin(new URL('http://[0::1]:8080/'), allowed)).toBe(true);
    expect(isAllowedOrigin(new URL('http://[::1]:8081/'), allowed)).toBe(false);
  });
});
