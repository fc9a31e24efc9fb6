import { afterEach, describe, expect, it } from 'vitest';
import { startRateLimitedApi } from './rate-limited-api.js';
import { faults, startProviderSimulator } from './provider-simulator.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

const post = (url: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: '{"a":1}' });

describe('provider simulator', () => {
  it('honours Idempotency-Key: the same key gets the saved answer and performs one side effect', async () => {
    const sim = await startProviderSimulator();
    closers.push(sim.close);
    const first = await (await post(`${sim.url}/x`, { 'idempotency-key': 'k1' })).json();
    const again = await post(`${sim.url}/x`, { 'idempotency-key': 'k1' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(await again.json()).toEqual(first);
    expect(sim.requests).toHaveLength(2);
    expect(sim.sideEffects).toHaveLength(1);
  });

  it('answers 409 to a second call while the first with the same key is in flight', async () => {
    const sim = await startProviderSimulator();
    closers.push(sim.close);
    sim.respondWith = faults.slow(300);
    const [a, b] = await Promise.all([post(`${sim.url}/x`, { 'idempotency-key': 'k2' }), new Promise((r) => setTimeout(r, 50)).then(() => post(`${sim.url}/x`, { 'idempotency-key': 'k2' }))]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect(sim.sideEffects).toHaveLength(1);
  });

  it('holds answers until released and counts the calls in flight at once', async () => {
    const sim = await startProviderSimulator();
    closers.push(sim.close);
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    sim.respondWith = () => ({ status: 200, until: gate });
    const calls = [1, 2, 3].map(() => post(sim.url));
    while (sim.requests.length < 3) await new Promise((r) => setTimeout(r, 10));
    expect(sim.inFlight).toBe(3);
    release();
    expect((await Promise.all(calls)).map((r) => r.status)).toEqual([200, 200, 200]);
    await post(sim.url);
    expect([sim.inFlight, sim.maxInFlight]).toEqual([0, 3]);
  });

  it('plays the documented faults: failing, flaky, rate limited with Retry-After, malformed JSON', async () => {
    const sim = await startProviderSimulator();
    closers.push(sim.close);
    sim.respondWith = faults.failing(502);
    expect((await post(sim.url)).status).toBe(502);
    sim.respondWith = faults.flaky(2);
    const flaky = [];
    for (let i = 0; i < 4; i += 1) flaky.push((await post(sim.url)).status);
    expect(flaky).toEqual([200, 503, 200, 503]);
    sim.respondWith = faults.rateLimited(7);
    const limited = await post(sim.url);
    expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
    sim.respondWith = faults.malformed;
    await expect((await post(sim.url)).json()).rejects.toThrow();
  });
});

describe('rate-limited API simulator', () => {
  it('refuses calls over its sliding-window limit with 429 and Retry-After, and reports the busiest window', async () => {
    const api = await startRateLimitedApi({ limit: 3, windowMs: 1_000 });
    closers.push(api.close);
    const statuses = [];
    for (let i = 0; i < 5; i += 1) statuses.push((await post(api.url)).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);
    expect(api.rejected).toBe(2);
    expect(api.maxInWindow()).toBe(5);
  });
});
