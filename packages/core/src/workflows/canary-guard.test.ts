import { describe, expect, it } from 'vitest';
import { DEFAULT_CANARY_GUARD, judgeCanary, type VersionRunStats } from './canary-guard.js';

const stats = (version: number, runs: number, failed: number, p95Ms: number | null = 100): VersionRunStats => ({ version, runs, failed, failureRate: runs === 0 ? 0 : failed / runs, p95Ms });
const guard = DEFAULT_CANARY_GUARD;

describe('judgeCanary', () => {
  it('waits for minRuns runs of the canary, however bad they are', () => {
    expect(judgeCanary(guard, stats(2, 19, 19), stats(1, 100, 0))).toEqual({ rollBack: false });
  });

  it('rolls back when the failure rate exceeds the stable one by more than the margin, saying the figures', () => {
    const verdict = judgeCanary(guard, stats(2, 20, 10), stats(1, 40, 2));
    expect(verdict).toMatchObject({ rollBack: true, reason: 'failure_rate' });
    expect(verdict.rollBack && verdict.message).toBe('v2 failed 10 of 20 runs (50.0 %), v1 2 of 40 (5.0 %): more than 20.0 % above');
  });

  it('keeps a canary exactly at the margin, and one as bad as the stable version', () => {
    expect(judgeCanary(guard, stats(2, 20, 5), stats(1, 20, 1))).toEqual({ rollBack: false }); // 25 % vs 5 %: 20 points, not more
    expect(judgeCanary(guard, stats(2, 20, 18), stats(1, 20, 18))).toEqual({ rollBack: false });
  });

  it('rolls back on p95 latency only when both sides have minRuns runs and p95Factor is set', () => {
    expect(judgeCanary(guard, stats(2, 20, 0, 500), stats(1, 20, 0, 200))).toMatchObject({ rollBack: true, reason: 'latency_p95' });
    expect(judgeCanary(guard, stats(2, 20, 0, 500), stats(1, 19, 0, 200))).toEqual({ rollBack: false });
    expect(judgeCanary(guard, stats(2, 20, 0, 400), stats(1, 20, 0, 200))).toEqual({ rollBack: false });
    expect(judgeCanary({ ...guard, p95Factor: null }, stats(2, 20, 0, 5_000), stats(1, 20, 0, 200))).toEqual({ rollBack: false });
  });
});
