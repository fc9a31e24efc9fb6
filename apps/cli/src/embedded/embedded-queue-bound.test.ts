import { describe, expect, it } from 'vitest';
import { parseEnv, RelayEnv } from '@hub/core/config';
import { EMBEDDED_QUEUE_DEPTH, withEmbeddedQueueBound } from './embedded-queue-bound.js';

describe('withEmbeddedQueueBound', () => {
  it('bounds the queues of the embedded emulator unless the operator chose a depth', () => {
    expect(parseEnv(RelayEnv, withEmbeddedQueueBound({})).HUB_RELAY_MAX_QUEUE_DEPTH).toBe(EMBEDDED_QUEUE_DEPTH);
    expect(parseEnv(RelayEnv, withEmbeddedQueueBound({ HUB_RELAY_MAX_QUEUE_DEPTH: '500' })).HUB_RELAY_MAX_QUEUE_DEPTH).toBe(500);
    // 0 is a choice too (no bound), not a missing value.
    expect(parseEnv(RelayEnv, withEmbeddedQueueBound({ HUB_RELAY_MAX_QUEUE_DEPTH: '0' })).HUB_RELAY_MAX_QUEUE_DEPTH).toBe(0);
  });
});
