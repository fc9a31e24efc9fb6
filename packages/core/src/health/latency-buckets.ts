/**
 * Upper bounds (ms) of the outbound latency histogram kept in `event_rollups` (lat_00..lat_35):
 * 2^(k/2) for k = 0..34, 1 ms to 131 s. Log-spaced buckets keep the relative error of a
 * percentile under ~41 % worst case (~10-20 % typical with interpolation) at any scale, and
 * because the buckets are fixed, any window's histogram is the sum of its minutes' histograms.
 * Must equal `rollup_latency_bounds()` of the migration (a test compares them).
 */
export const LATENCY_BOUNDS_MS: readonly number[] = Array.from({ length: 35 }, (_, k) => 2 ** (k / 2));

/** lat_00 (< 1 ms) .. lat_35 (>= 131 s). */
export const LATENCY_BUCKET_COLUMNS: readonly string[] = Array.from({ length: LATENCY_BOUNDS_MS.length + 1 }, (_, i) => `lat_${String(i).padStart(2, '0')}`);

/**
 * The q-quantile (0 < q < 1) of a histogram whose bucket i counts values in
 * [bound i-1, bound i), interpolated linearly inside the bucket (as Prometheus'
 * histogram_quantile does). The overflow bucket answers its lower bound. Null when empty.
 */
export function percentileFromBuckets(counts: readonly number[], q: number): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const rank = q * total;
  let seen = 0;
  for (let i = 0; i < counts.length; i += 1) {
    const n = counts[i] ?? 0;
    if (n > 0 && seen + n >= rank) {
      const lower = i === 0 ? 0 : (LATENCY_BOUNDS_MS[i - 1] as number);
      const upper = LATENCY_BOUNDS_MS[i];
      if (upper === undefined) return lower;
      return lower + (upper - lower) * ((rank - seen) / n);
    }
    seen += n;
  }
  return LATENCY_BOUNDS_MS[LATENCY_BOUNDS_MS.length - 1] ?? null;
}
