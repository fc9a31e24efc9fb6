import { z } from 'zod';

/**
 * When a running canary is rolled back automatically. Compared over the runs of both versions
 * since the canary started: the canary's failure rate may exceed the stable version's by at most
 * `failureRateMargin`, and (when `p95Factor` is set) its p95 duration may be at most `p95Factor`
 * times the stable version's.
 */
export const CanaryGuard = z
  .object({
    /** Failure rate (0 to 1) the canary may have above the stable version's before it is rolled back. */
    failureRateMargin: z.number().min(0).max(1).default(0.2),
    /** Runs of the canary (and, for latency, of each side) that must have ended before the guard judges. */
    minRuns: z.number().int().min(1).max(100_000).default(20),
    /** The canary's p95 duration may be this many times the stable version's; null: latency is not checked. */
    p95Factor: z.number().gt(0).max(1_000).nullable().default(2),
  })
  .strict();
export type CanaryGuard = z.output<typeof CanaryGuard>;
export type CanaryGuardInput = z.input<typeof CanaryGuard>;

export const DEFAULT_CANARY_GUARD: CanaryGuard = CanaryGuard.parse({});

/** One version's runs in the guard's window: runs that ended (completed, filtered or failed). */
export interface VersionRunStats {
  version: number | null;
  runs: number;
  failed: number;
  /** failed / runs; 0 without runs. */
  failureRate: number;
  /** p95 of the durations of completed and filtered runs, in ms; null without any. */
  p95Ms: number | null;
}

export type CanaryVerdict =
  | { rollBack: false }
  | { rollBack: true; reason: 'failure_rate' | 'latency_p95'; message: string };

const percent = (rate: number) => `${(rate * 100).toFixed(1)} %`;

/**
 * Whether the canary goes: its failure rate above the stable one's by more than the margin, once
 * it has `minRuns` runs; or, with `p95Factor`, its p95 above the stable p95 times the factor, once
 * both sides have `minRuns` runs (a latency needs a baseline to regress from).
 */
export function judgeCanary(guard: CanaryGuard, candidate: VersionRunStats, stable: VersionRunStats): CanaryVerdict {
  if (candidate.runs < guard.minRuns) return { rollBack: false };
  const excess = candidate.failureRate - stable.failureRate;
  // A rounding error of the subtraction must not tip an equal excess over the margin.
  if (excess - guard.failureRateMargin > 1e-9) {
    return {
      rollBack: true,
      reason: 'failure_rate',
      message: `v${candidate.version} failed ${candidate.failed} of ${candidate.runs} runs (${percent(candidate.failureRate)}), v${stable.version} ${stable.failed} of ${stable.runs} (${percent(stable.failureRate)}): more than ${percent(guard.failureRateMargin)} above`,
    };
  }
  if (guard.p95Factor !== null && stable.runs >= guard.minRuns && candidate.p95Ms !== null && stable.p95Ms !== null && candidate.p95Ms > stable.p95Ms * guard.p95Factor) {
    return {
      rollBack: true,
      reason: 'latency_p95',
      message: `v${candidate.version} p95 ${Math.round(candidate.p95Ms)} ms, v${stable.version} p95 ${Math.round(stable.p95Ms)} ms: more than ${guard.p95Factor} times`,
    };
  }
  return { rollBack: false };
}
