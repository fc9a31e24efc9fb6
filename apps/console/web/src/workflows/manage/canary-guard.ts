import type { CanaryGuard } from './workflow-types';

/** The API's defaults (POST /api/workflows/:name/canary without `guard`). */
export const DEFAULT_GUARD: CanaryGuard = { failureRateMargin: 0.2, minRuns: 20, p95Factor: 2 };

/**
 * The guard fields to send: only those that differ from the defaults, so a canary the operator did
 * not tune is the API's default one (and a hub whose API predates guards still takes it).
 */
export function guardToSend(guard: CanaryGuard): Partial<CanaryGuard> | undefined {
  const changed = (Object.keys(DEFAULT_GUARD) as (keyof CanaryGuard)[]).filter((k) => guard[k] !== DEFAULT_GUARD[k]);
  return changed.length === 0 ? undefined : Object.fromEntries(changed.map((k) => [k, guard[k]]));
}

/** What the guard checks, in a sentence: "rolls back after 20 runs if its failure rate is 20 points above stable's, or its p95 over 2 × stable's". */
export function guardText(guard: CanaryGuard): string {
  const latency = guard.p95Factor === null ? 'latency not checked' : `or its p95 over ${guard.p95Factor} × stable's`;
  return `rolls back automatically after ${guard.minRuns} runs if its failure rate is more than ${Math.round(guard.failureRateMargin * 100)} points above stable's, ${latency}`;
}
