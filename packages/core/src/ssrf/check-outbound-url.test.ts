import { describe, expect, it } from 'vitest';
import { checkOutboundUrl, describeOutboundRefusal } from './check-outbound-url.js';
import type { ResolveHost } from './guarded-lookup.js';
import { OutboundAllowedHosts } from './outbound-allow-list.js';

const none = new Set<string>();
// A DNS the test controls (this machine cannot reach public DNS): names answer what the test says.
const fakeDns =
  (answers: Record<string, string[]>): ResolveHost =>
  async (hostname) =>
    (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));

describe('checkOutboundUrl', () => {
  it.each([
    ['http://127.0.0.1:8080/hook', '127.0.0.1'],
    ['http://2130706433/hook', '127.0.0.1'],
    ['http://0x7f000001/hook', '127.0.0.1'],
    ['http://0177.0.0.1/hook', '127.0.0.1'],
    ['http://127.1/hook', '127.0.0.1'],
    ['http://[::1]/hook', '::1'],
    ['http://[::ffff:10.0.0.1]/hook', '::ffff:a00:1'],
    ['http://169.254.169.254/latest/meta-data/', '169.254.169.254'],
  ])('refuses %s, naming the internal address %s', async (url, address) => {
    expect(await checkOutboundUrl(url, none)).toEqual({ ok: false, reason: 'internal_address', host: address, address });
  });

  it('refuses a name that resolves to loopback', async () => {
    const check = await checkOutboundUrl('http://localhost:3000/', none);
    expect(check).toMatchObject({ ok: false, reason: 'internal_address', host: 'localhost' });
    expect(check.ok || describeOutboundRefusal(check)).toMatch(/^localhost resolves to (127\.0\.0\.1|::1), which is an internal address/);
  });

  it('refuses a name when any one of its answers is internal', async () => {
    const dns = fakeDns({ 'mixed.example': ['93.184.216.34', '10.0.0.7'], 'v6.example': ['2606:4700::1', 'fd00::5'] });
    expect(await checkOutboundUrl('https://mixed.example/hook', none, dns)).toEqual({ ok: false, host: 'mixed.example', reason: 'internal_address', address: '10.0.0.7' });
    expect(await checkOutboundUrl('https://v6.example/hook', none, dns)).toEqual({ ok: false, host: 'v6.example', reason: 'internal_address', address: 'fd00::5' });
  });

  it('accepts an internal host that is explicitly allowed, on the allowed port only', async () => {
    expect(await checkOutboundUrl('http://LOCALHOST:3000/', new Set(['localhost']))).toEqual({ ok: true });
    const sinkOnly = OutboundAllowedHosts.parse('127.0.0.1:4010');
    expect(await checkOutboundUrl('http://127.0.0.1:4010/ledger', sinkOnly)).toEqual({ ok: true });
    for (const port of [3000, 4566, 6379]) expect(await checkOutboundUrl(`http://127.0.0.1:${port}/`, sinkOnly)).toMatchObject({ ok: false, reason: 'internal_address' });
  });

  it('accepts a public address and a name whose every answer is public', async () => {
    expect(await checkOutboundUrl('https://8.8.8.8/hook', none)).toEqual({ ok: true });
    expect(await checkOutboundUrl('https://public.example/hook', none, fakeDns({ 'public.example': ['93.184.216.34', '2606:4700::1'] }))).toEqual({ ok: true });
  });

  it('refuses a host that does not resolve, and a string that is not an http(s) URL', async () => {
    expect(await checkOutboundUrl('https://no-such-host.invalid/hook', none)).toEqual({ ok: false, reason: 'unresolvable', host: 'no-such-host.invalid' });
    expect(await checkOutboundUrl('not a url', none)).toEqual({ ok: false, reason: 'invalid_url' });
    expect(await checkOutboundUrl('file:///etc/passwd', none)).toEqual({ ok: false, reason: 'invalid_url' });
  });
});
