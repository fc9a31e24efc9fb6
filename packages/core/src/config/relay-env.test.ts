import { describe, expect, it } from 'vitest';
import { BaseEnv, parseEnv, RelayEnv } from './index.js';

const RelayCommandEnv = BaseEnv.extend(RelayEnv.shape);

describe('RelayEnv', () => {
  it('holds claimed outbox rows 10 s by default, and takes a given lease', () => {
    expect(parseEnv(RelayCommandEnv, {}).HUB_RELAY_LEASE_MS).toBe(10_000);
    expect(parseEnv(RelayCommandEnv, { HUB_RELAY_LEASE_MS: '2000' }).HUB_RELAY_LEASE_MS).toBe(2_000);
  });

  it.each(['1999', '600001', '2.5', 'ten seconds'])('refuses HUB_RELAY_LEASE_MS=%j with HUB_CONFIG_INVALID, naming the variable', (value) => {
    let caught: { code?: string; details?: { problems?: string[] } } | undefined;
    try {
      parseEnv(RelayCommandEnv, { HUB_RELAY_LEASE_MS: value });
    } catch (err) {
      caught = err as typeof caught;
    }
    expect(caught?.code).toBe('HUB_CONFIG_INVALID');
    expect(caught?.details?.problems).toEqual([expect.stringContaining('HUB_RELAY_LEASE_MS')]);
  });
});
