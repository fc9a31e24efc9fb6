import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARD, guardText, guardToSend } from './canary-guard';

describe('canary guard settings', () => {
  it('sends nothing for the defaults and only the fields the operator changed otherwise', () => {
    expect(guardToSend(DEFAULT_GUARD)).toBeUndefined();
    expect(guardToSend({ ...DEFAULT_GUARD, minRuns: 5 })).toEqual({ minRuns: 5 });
    expect(guardToSend({ failureRateMargin: 0.05, minRuns: 20, p95Factor: null })).toEqual({ failureRateMargin: 0.05, p95Factor: null });
  });

  it('says in words when the canary is rolled back', () => {
    expect(guardText(DEFAULT_GUARD)).toBe("rolls back automatically after 20 runs if its failure rate is more than 20 points above stable's, or its p95 over 2 × stable's");
    expect(guardText({ ...DEFAULT_GUARD, p95Factor: null })).toMatch(/latency not checked$/);
  });
});
