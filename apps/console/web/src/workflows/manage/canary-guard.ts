import type { CanaryGuard } from './workflow-types';

/** The API's defaults (DEFAULT_CANARY_GUARD: POST /api/workflows/:name/canary without `guard`), what the form starts from. */
export const DEFAULT_GUARD: CanaryGuard = { failureRateMargin: 0.2, minRuns: 20, p95Factor: 2 };

/** What the guard checks, in a sentence: "rolls back after 20 runs if its failure rate is 20 points above stable's, or its p95 over 2 × stable's". */
export function guardText(guard: CanaryGuard): string {
  const latency = guard.p95Factor === null ? 'latency not checked' : `or its p95 over ${guard.p95Factor} × stable's`;
  return `rolls back automatically after ${guard.minRuns} runs if its failure rate is more than ${Math.round(guard.failureRateMargin * 100)} points above stable's, ${latency}`;
}
