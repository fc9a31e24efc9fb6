import { describe, expect, it } from 'vitest';
import { backoffDelayMs, type Backoff } from './backoff-delay.js';

const backoff: Backoff = { baseDelayMs: 1_000, maxDelayMs: 30_000 };
const highest = () => 0.999_999;

describe('backoffDelayMs', () => {
  it('doubles the ceiling with each attempt from baseDelayMs, up to maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6, 40].map((attempt) => backoffDelayMs(attempt, backoff, { random: highest }))).toEqual([1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000]);
  });

  it('grows by the given factor', () => {
    expect([1, 2, 3].map((attempt) => backoffDelayMs(attempt, { ...backoff, factor: 3 }, { random: highest }))).toEqual([1_000, 3_000, 9_000]);
  });

  it('draws uniformly from zero to the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, backoff, { random: () => 0 })).toBe(0);
    expect(backoffDelayMs(3, backoff, { random: () => 0.25 })).toBe(1_000);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelayMs(4, backoff);
      expect(delay).toBeGreaterThanOrEqual(0);
      expect(delay).toBeLessThanOrEqual(8_000);
    }
  });

  it('never goes under the floor, even past maxDelayMs (a Retry-After: the provider knows best)', () => {
    expect(backoffDelayMs(1, backoff, { floorMs: 7_000, random: () => 0 })).toBe(7_000);
    expect(backoffDelayMs(2, backoff, { floorMs: 120_000, random: highest })).toBe(120_000);
    expect(backoffDelayMs(5, backoff, { floorMs: 3_000, random: highest })).toBe(16_000);
  });

  it('treats an attempt of 0 or less like the first', () => {
    expect(backoffDelayMs(0, backoff, { random: highest })).toBe(1_000);
    expect(backoffDelayMs(-3, backoff, { random: highest })).toBe(1_000);
  });
});
