import { describe, expect, it } from 'vitest';
import { BaseEnv, parseEnv, RelayEnv } from './index.js';

const RelayCommandEnv = BaseEnv.extend(RelayEnv.shape);

describe('RelayEnv', () => {
  it('holds claimed outbox rows 10 s by default, and takes a given lease', () => {
    expect(parseEnv(RelayCommandEnv, {}).HUB_RELAY_LEASE_MS).toBe(10_000);
    expect(parseEnv(RelayCommandEnv, { HUB_RELAY_LEASE_MS: '2000' }).HUB_RELAY_LEASE_MS).toBe(2_000);
  });

  it('bounds no queue by default, and takes a given depth', () => {
    expect(parseEnv(RelayCommandEnv, {}).HUB_RELAY_MAX_QUEUE_DEPTH).toBe(0);
    expect(parseEnv(RelayCommandEnv, { HUB_RELAY_MAX_QUEUE_DEPTH: '2000' }).HUB_RELAY_MAX_QUEUE_DEPTH).toBe(2_000);
  });

  it.each([
    ['HUB_RELAY_LEASE_MS', '1999'],
    ['HUB_RELAY_LEASE_MS', '600001'],
    ['HUB_RELAY_LEASE_MS', '2.5'],
    ['HUB_RELAY_LEASE_MS', 'ten seconds'],
    ['HUB_RELAY_MAX_QUEUE_DEPTH', '-1'],
    ['HUB_RELAY_MAX_QUEUE_DEPTH', '1000001'],
    ['HUB_RELAY_MAX_QUEUE_DEPTH', '10.5'],
    ['HUB_RELAY_MAX_QUEUE_DEPTH', 'deep'],
  ])('refuses %s=%j with HUB_CONFIG_INVALID, naming the variable', (name, value) => {
    let caught: { code?: string; details?: { problems?: string[] } } | undefined;
    try {
      parseEnv(RelayCommandEnv, { [name]: value });
    } catch (err) {
      caught = err as typeof caught;
    }
    expect(caught?.code).toBe('HUB_CONFIG_INVALID');
    expect(caught?.details?.problems).toEqual([expect.stringContaining(name)]);
  });
});
