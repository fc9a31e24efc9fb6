// Timing of repeated queries, shared by the health, chart and explorer phases.

/** The q-quantile of an ascending list. */
export const percentile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];

/** Runs `fn` `runs` times in turn; its durations in ms, ascending. */
export async function timeRuns(runs, fn) {
  const ms = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  return ms.sort((a, b) => a - b);
}

/** Median and p95 of durations in any order. */
export function medianP95(ms) {
  const sorted = [...ms].sort((a, b) => a - b);
  return { median: percentile(sorted, 0.5), p95: percentile(sorted, 0.95) };
}
