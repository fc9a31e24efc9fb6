import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundHttp } from '../processing/outbound-http.js';
import { checkOutboundUrl, describeOutboundRefusal, isGlobalAddress } from './index.js';

describe('isGlobalAddress', () => {
  it.each(['8.8.8.8', '1.1.1.1', '2606:4700:4700::1111', '::ffff:8.8.8.8'])('accepts the public address %s', (a) => expect(isGlobalAddress(a)).toBe(true));

  it.each([
    '0.0.0.0', '10.1.2.3', '100.64.0.1', '127.0.0.1', '169.254.169.254', '172.16.0.1', '192.0.0.8', '192.0.2.1', '192.168.1.1',
    '198.18.0.1', '198.51.100.1', '203.0.113.1', '224.0.0.1', '240.0.0.1', '255.255.255.255', '168.63.129.16',
    '::1', '::', 'fc00::1', 'fd12::1', 'fe80::1', '::ffff:127.0.0.1', '::ffff:10.0.0.1', '64:ff9b::7f00:1', '2002:7f00:1::', '2001:db8::1', 'not-an-ip',
  ])('refuses the internal or reserved address %s', (a) => expect(isGlobalAddress(a)).toBe(false));
});

describe('checkOutboundUrl', () => {
  const none = new Set<string>();

  it.each([
    ['http://127.0.0.1:8080/hook', '127.0.0.1'],
    ['http://2130706433/hook', '127.0.0.1'],
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

  it('accepts an internal host that is explicitly allowed', async () => {
    expect(await checkOutboundUrl('http://LOCALHOST:3000/', new Set(['localhost']))).toEqual({ ok: true });
  });

  it('accepts a public address', async () => {
    expect(await checkOutboundUrl('https://8.8.8.8/hook', none)).toEqual({ ok: true });
  });

  it('refuses a host that does not resolve, and a string that is not a URL', async () => {
    expect(await checkOutboundUrl('https://no-such-host.invalid/hook', none)).toEqual({ ok: false, reason: 'unresolvable', host: 'no-such-host.invalid' });
    expect(await checkOutboundUrl('not a url', none)).toEqual({ ok: false, reason: 'invalid_url' });
  });
});

describe('outbound calls to internal addresses', () => {
  let server: http.Server;
  let port: number;
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((_req, res) => {
      hits += 1;
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const guarded = createOutboundHttp({ timeoutMs: 3_000, allowedHosts: new Set() });

  it.each([
    ['a loopback IP', (p: number) => `http://127.0.0.1:${p}/`],
    ['loopback written in decimal', (p: number) => `http://2130706433:${p}/`],
    ['loopback written in hex', (p: number) => `http://0x7f000001:${p}/`],
    ['loopback written in octal', (p: number) => `http://0177.0.0.1:${p}/`],
    ['an IPv4-mapped IPv6 loopback', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ['a name that resolves to loopback', (p: number) => `http://localhost:${p}/`],
  ])('refuses %s with HUB_OUTBOUND_ADDRESS_BLOCKED and never connects', async (_what, url) => {
    const before = hits;
    const err: unknown = await guarded({ method: 'GET', url: url(port) }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED', retryable: false });
    expect(hits).toBe(before);
  });

  it('refuses the cloud metadata address', async () => {
    const err: unknown = await guarded({ method: 'GET', url: 'http://169.254.169.254/latest/meta-data/' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED' });
  });

  it('reaches an internal host that is explicitly allowed', async () => {
    const allowed = createOutboundHttp({ timeoutMs: 3_000, allowedHosts: new Set(['localhost']) });
    const res = await allowed({ method: 'GET', url: `http://localhost:${port}/` });
    expect(res.status).toBe(200);
  });
});
