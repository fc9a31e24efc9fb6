import { describe, expect, it } from 'vitest';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { useTestRedis } from '../../../../test/support/test-redis.js';
import { startPrivateRedis } from '../../../../test/support/private-redis.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { connectRedis } from '../rate-limit/index.js';
import { hubError } from '../errors/index.js';
import { SharedCircuitBreakers, type CircuitTransition } from './shared-circuit-breakers.js';

const shared = useTestRedis('cb');
const prefix = shared.prefix;
const policy = { errorThresholdPercentage: 50, volumeThreshold: 5, rollingCountTimeout: 10_000, resetTimeout: 600 };
const transitions: [string, CircuitTransition][] = [];

/** A fake provider: counts calls; fails with a transient error (a 503) while `down`. */
function provider() {
  const state = { calls: 0, down: true, status: 503 };
  const call = async () => {
    state.calls += 1;
    if (state.down) throw hubError(state.status >= 500 ? 'HUB_ACTION_TRANSIENT' : 'HUB_ACTION_PERMANENT', `answered ${state.status}`);
    return 'ok';
  };
  return { state, call };
}

function replicas(n: number) {
  return Array.from({ length: n }, () => new SharedCircuitBreakers({ redis: shared.redis, prefix, log: testLogger, onTransition: async (key, t) => void transitions.push([key, t]) }));
}

const settle = (p: Promise<unknown>) => p.then(() => 'ok', (err: { code?: string }) => err.code ?? 'error');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('SharedCircuitBreakers', () => {
  it('opens for the whole fleet after failures, makes no calls while open, lets one probe through, and closes on recovery', async () => {
    const [a, b] = replicas(2) as [SharedCircuitBreakers, SharedCircuitBreakers];
    const api = provider();
    for (let i = 0; i < 6; i += 1) await settle(a.run('fleet', policy, api.call));
    await sleep(50); // the open event writes Redis asynchronously
    const callsWhenOpened = api.state.calls;
    const whileOpen = await Promise.all(Array.from({ length: 20 }, (_, i) => settle((i % 2 ? a : b).run('fleet', policy, api.call))));
    expect(whileOpen.every((r) => r === 'HUB_CIRCUIT_OPEN')).toBe(true);
    expect(api.state.calls).toBe(callsWhenOpened); // zero downstream calls while open, on either replica
    expect(transitions.filter(([k, t]) => k === 'fleet' && t === 'opened')).toHaveLength(1);

    await sleep(policy.resetTimeout + 50);
    api.state.down = false;
    const halfOpen = await Promise.all(Array.from({ length: 20 }, (_, i) => settle((i % 2 ? a : b).run('fleet', policy, api.call))));
    expect(halfOpen.filter((r) => r === 'ok')).toHaveLength(1); // exactly one probe
    expect(api.state.calls).toBe(callsWhenOpened + 1);
    expect(transitions.filter(([k, t]) => k === 'fleet' && t === 'closed')).toHaveLength(1);

    const after = await Promise.all(Array.from({ length: 10 }, (_, i) => settle((i % 2 ? a : b).run('fleet', policy, api.call))));
    expect(after.every((r) => r === 'ok')).toBe(true);
  });

  it('each replica decides alone while Redis is down, and they agree again once it is back', async () => {
    const server = await startPrivateRedis();
    const clients = [await connectRedis(server.url, testLogger), await connectRedis(server.url, testLogger)];
    const [a, b] = clients.map((redis) => new SharedCircuitBreakers({ redis, prefix, log: testLogger, onTransition: async () => undefined })) as [SharedCircuitBreakers, SharedCircuitBreakers];
    const api = provider();
    try {
      await server.stop();
      for (let i = 0; i < 6; i += 1) await settle(a.run('outage', policy, api.call));
      expect(await settle(a.run('outage', policy, api.call))).toBe('HUB_CIRCUIT_OPEN'); // a's own breaker
      expect(await settle(b.run('outage', policy, api.call))).toBe('HUB_ACTION_TRANSIENT'); // b has seen no failure yet

      await server.start();
      await waitFor('Redis to answer again', async () => (await clients[0]?.ping().catch(() => undefined)) === 'PONG' && (await clients[1]?.ping().catch(() => undefined)) === 'PONG');
      // The provider is still down: the next failures open the circuit in Redis, for both.
      for (let i = 0; i < 3; i += 1) await settle(a.run('outage', policy, api.call));
      await sleep(50);
      const calls = api.state.calls;
      const both = await Promise.all(Array.from({ length: 10 }, (_, i) => settle((i % 2 ? a : b).run('outage', policy, api.call))));
      expect(both.every((r) => r === 'HUB_CIRCUIT_OPEN')).toBe(true);
      expect(api.state.calls).toBe(calls);

      // Recovered: one probe closes it for both.
      await sleep(policy.resetTimeout + 50);
      api.state.down = false;
      const probe = await Promise.all(Array.from({ length: 10 }, (_, i) => settle((i % 2 ? a : b).run('outage', policy, api.call))));
      expect(probe.filter((r) => r === 'ok')).toHaveLength(1);
      const after = await Promise.all(Array.from({ length: 10 }, (_, i) => settle((i % 2 ? a : b).run('outage', policy, api.call))));
      expect(after.every((r) => r === 'ok')).toBe(true);
    } finally {
      clients.forEach((c) => c.disconnect());
      await server.stop();
    }
  });

  it('re-opens when the probe fails', async () => {
    const [a] = replicas(1) as [SharedCircuitBreakers];
    const api = provider();
    for (let i = 0; i < 6; i += 1) await settle(a.run('reopen', policy, api.call));
    await sleep(policy.resetTimeout + 80);
    expect(await settle(a.run('reopen', policy, api.call))).toBe('HUB_ACTION_TRANSIENT'); // the probe, failing
    const calls = api.state.calls;
    expect(await settle(a.run('reopen', policy, api.call))).toBe('HUB_CIRCUIT_OPEN');
    expect(api.state.calls).toBe(calls);
  });

  it('still reaches half-open after 50 simultaneous failures (opossum #385)', async () => {
    const fleet = replicas(5);
    const api = provider();
    await Promise.all(Array.from({ length: 50 }, (_, i) => settle((fleet[i % 5] as SharedCircuitBreakers).run('storm', policy, api.call))));
    await sleep(policy.resetTimeout + 80);
    api.state.down = false;
    const probe = await Promise.all(fleet.map((r) => settle(r.run('storm', policy, api.call))));
    expect(probe.filter((r) => r === 'ok')).toHaveLength(1);
    await sleep(20);
    expect(await settle((fleet[0] as SharedCircuitBreakers).run('storm', policy, api.call))).toBe('ok');
  });

  it('is not tripped by refusals (4xx)', async () => {
    const [a] = replicas(1) as [SharedCircuitBreakers];
    const api = provider();
    api.state.status = 422;
    const results = [];
    for (let i = 0; i < 20; i += 1) results.push(await settle(a.run('refusals', policy, api.call)));
    expect(results.every((r) => r === 'HUB_ACTION_PERMANENT')).toBe(true);
    expect(api.state.calls).toBe(20);
  });
});
