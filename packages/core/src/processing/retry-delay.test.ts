import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY, retryDelayMs, type RetryPolicy } from './retry-delay.js';

const policy: RetryPolicy = { maxAttempts: 10, baseDelayMs: 1_000, maxDelayMs: 30_000 };
const lowest = () => 0;
const highest = () => 0.999_999;

describe('retryDelayMs', () => {
  it('is 0 when the jitter draws 0 and no Retry-After was sent (full jitter reaches down to zero)', () => {
    for (const attempt of [1, 2, 5, 9]) expect(retryDelayMs(attempt, policy, undefined, lowest)).toBe(0);
  });

  it('is the ceiling when the jitter draws just under 1', () => {
    expect(retryDelayMs(1, policy, 0, highest)).toBe(1_000);
    expect(retryDelayMs(3, policy, 0, highest)).toBe(4_000);
  });

  it('doubles the ceiling with each attempt, starting at baseDelayMs on the first', () => {
    const ceilings = [1, 2, 3, 4, 5].map((attempt) => retryDelayMs(attempt, policy, 0, highest));
    expect(ceilings).toEqual([1_000, 2_000, 4_000, 8_000, 16_000]);
  });

  it('caps the ceiling at maxDelayMs however many attempts were made', () => {
    expect(retryDelayMs(6, policy, 0, highest)).toBe(30_000);
    expect(retryDelayMs(60, policy, 0, highest)).toBe(30_000);
    expect(retryDelayMs(3, DEFAULT_RETRY_POLICY, 0, highest)).toBe(4_000);
    expect(retryDelayMs(40, DEFAULT_RETRY_POLICY, 0, highest)).toBe(DEFAULT_RETRY_POLICY.maxDelayMs);
  });

  it('treats an attempt of 0 or less like the first attempt', () => {
    expect(retryDelayMs(0, policy, 0, highest)).toBe(1_000);
    expect(retryDelayMs(-3, policy, 0, highest)).toBe(1_000);
  });

  it('draws the delay uniformly between 0 and the ceiling', () => {
    expect(retryDelayMs(3, policy, 0, () => 0.5)).toBe(2_000);
    expect(retryDelayMs(3, policy, 0, () => 0.25)).toBe(1_000);
  });

  it('never returns less than Retry-After, even when the jitter draws 0', () => {
    expect(retryDelayMs(1, policy, 7_000, lowest)).toBe(7_000);
  });

  it('keeps a jittered delay longer than Retry-After as drawn', () => {
    expect(retryDelayMs(5, policy, 3_000, highest)).toBe(16_000);
  });

  it('honours a Retry-After beyond maxDelayMs (the provider knows best)', () => {
    expect(retryDelayMs(2, policy, 120_000, highest)).toBe(120_000);
  });

  it('stays within [Retry-After, ceiling] for random draws', () => {
    for (let i = 0; i < 200; i += 1) {
      const delay = retryDelayMs(4, policy, 500);
      expect(delay).toBeGreaterThanOrEqual(500);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });
});
