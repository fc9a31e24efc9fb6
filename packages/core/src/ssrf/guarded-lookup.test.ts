import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundHttp } from '../processing/outbound-http.js';
import type { ResolveHost } from './guarded-lookup.js';
import { OutboundAllowedHosts } from './outbound-allow-list.js';

// Listens on every loopback address (IPv4 and IPv6): a refused call that got through would land here.
let server: http.Server;
let port: number;
let hits = 0;
beforeAll(async () => {
  server = http.createServer((_req, res) => {
    hits += 1;
    res.end('ok');
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '::', ipv6Only: false }, resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function refusal(send: ReturnType<typeof createOutboundHttp>, url: string): Promise<unknown> {
  return send({ method: 'GET', url }).then(
    () => 'answered',
    (e: unknown) => e,
  );
}

describe('outbound calls to internal addresses', () => {
  const guarded = createOutboundHttp({ timeoutMs: 3_000, allowedHosts: new Set() });

  it.each([
    ['a loopback IP', (p: number) => `http://127.0.0.1:${p}/`],
    ['loopback written short', (p: number) => `http://127.1:${p}/`],
    ['loopback written in decimal', (p: number) => `http://2130706433:${p}/`],
    ['loopback written in hex', (p: number) => `http://0x7f000001:${p}/`],
    ['loopback written in octal', (p: number) => `http://0177.0.0.1:${p}/`],
    ['the unspecified address', (p: number) => `http://0.0.0.0:${p}/`],
    ['IPv6 loopback', (p: number) => `http://[::1]:${p}/`],
    ['an IPv4-mapped IPv6 loopback', (p: number) => `http://[::ffff:127.0.0.1]:${p}/`],
    ['an IPv4-compatible IPv6 loopback', (p: number) => `http://[::127.0.0.1]:${p}/`],
    ['a name that resolves to loopback', (p: number) => `http://localhost:${p}/`],
  ])('refuses %s with HUB_OUTBOUND_ADDRESS_BLOCKED and never connects', async (_what, url) => {
    const before = hits;
    expect(await refusal(guarded, url(port))).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED', retryable: false });
    expect(hits).toBe(before);
  });

  it('refuses the cloud metadata address', async () => {
    expect(await refusal(guarded, 'http://169.254.169.254/latest/meta-data/')).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED' });
  });

  it('reaches an internal host that is explicitly allowed', async () => {
    const allowed = createOutboundHttp({ timeoutMs: 3_000, allowedHosts: new Set(['localhost']) });
    const res = await allowed({ method: 'GET', url: `http://localhost:${port}/` });
    expect(res.status).toBe(200);
  });

  it('reaches the allowed host:port and refuses every other port of that host', async () => {
    const allowed = createOutboundHttp({ timeoutMs: 3_000, allowedHosts: OutboundAllowedHosts.parse(`127.0.0.1:${port}`) });
    expect((await allowed({ method: 'GET', url: `http://127.0.0.1:${port}/` })).status).toBe(200);
    const before = hits;
    const other = http.createServer(() => (hits += 1));
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    try {
      const otherPort = (other.address() as AddressInfo).port;
      expect(await refusal(allowed, `http://127.0.0.1:${otherPort}/`)).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED' });
      // The allowed entry names 127.0.0.1: localhost on the same port is another origin.
      expect(await refusal(allowed, `http://localhost:${port}/`)).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED' });
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
    expect(hits).toBe(before);
  });
});

describe('outbound calls to names a DNS answers with internal addresses', () => {
  // A custom lookup injected for the test (public DNS is out of reach here): the names below
  // resolve only through it, the way an attacker's zone would answer.
  const answers: Record<string, string[]> = {
    'metadata.attacker.example': ['169.254.169.254'],
    'loopback.attacker.example': ['127.0.0.1'],
    'v6.attacker.example': ['::1'],
    'mixed.attacker.example': ['93.184.216.34', '127.0.0.1'],
    'nat64.attacker.example': ['64:ff9b::7f00:1'],
  };
  let asked = 0;
  const resolve: ResolveHost = async (hostname) => {
    asked += 1;
    return (answers[hostname] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  const send = createOutboundHttp({ timeoutMs: 3_000, allowedHosts: new Set(), resolve });

  it.each(Object.entries(answers))('refuses %s (answers %j) before connecting', async (name) => {
    const before = hits;
    const askedBefore = asked;
    expect(await refusal(send, `http://${name}:${port}/`)).toMatchObject({ code: 'HUB_OUTBOUND_ADDRESS_BLOCKED', details: { host: name } });
    expect(asked).toBeGreaterThan(askedBefore);
    expect(hits).toBe(before);
  });

  it('connects to the address it checked: a DNS that answers public to the check and loopback afterwards (rebinding) never gets a loopback connection', async () => {
    let calls = 0;
    const rebinding: ResolveHost = async () => {
      calls += 1;
      return [{ address: calls === 1 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
    };
    const pinned = createOutboundHttp({ timeoutMs: 1_000, allowedHosts: new Set(), resolve: rebinding });
    const before = hits;
    // The socket goes to the checked public address (unreachable from this machine), not to a second answer.
    expect(await refusal(pinned, `http://rebind.attacker.example:${port}/`)).toMatchObject({ code: 'HUB_ACTION_TRANSIENT' });
    expect(calls).toBe(1);
    expect(hits).toBe(before);
  });
});
