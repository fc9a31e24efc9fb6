import { describe, expect, it } from 'vitest';
import { DEFAULT_GUARD, guardText } from './canary-guard';

describe('canary guard settings', () => {
  it('says in words when the canary is rolled back', () => {
    expect(guardText(DEFAULT_GUARD)).toBe("rolls back automatically after 20 runs if its failure rate is more than 20 points above stable's, or its p95 over 2 × stable's");
    expect(guardText({ ...DEFAULT_GUARD, p95Factor: null })).toMatch(/latency not checked$/);
  });
});
