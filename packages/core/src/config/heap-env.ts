import v8 from 'node:v8';
import { z } from 'zod';
import { parseEnv, type Env } from './index.js';

/**
 * How far V8 lets a long-running hub process's heap grow past what survived its last full
 * collection. Under a flood, `hub up` (everything in one process) keeps ~70 MB alive, and V8's own
 * adaptive factor (up to 4x) let its RSS climb from ~360 to ~470 MB in 30 s; at 1.3x it stays flat
 * near 325 MB at the same throughput. The separate worker, which bounds the throughput of a split
 * deployment, spent ~15 % more CPU at 1.3x, so there V8's factor stays the default
 * (docs/benchmarks.md, "Issue 15, seventh increment").
 */
export const HeapEnv = z.object({
  /** Heap growth allowed after a full GC, percent of what survived; 0: V8's adaptive factor. Unset: 30 for `hub up`, 0 otherwise. */
  HUB_HEAP_GROWING_PERCENT: z.coerce.number().int().min(0).max(300).optional(),
});

/** The default of `hub up`, where one process holds the whole hub. */
export const ALL_IN_ONE_HEAP_GROWING_PERCENT = 30;

/**
 * Applies the heap policy to this process and answers the percent applied (0: none). V8 reads
 * the growing factor at every full collection, so setting it once the process runs takes effect
 * from the next one (checked against the command-line flag: the same heap curve).
 */
export function applyHeapPolicy(env: Env, defaultPercent: number): number {
  const percent = parseEnv(HeapEnv, env).HUB_HEAP_GROWING_PERCENT ?? defaultPercent;
  if (percent > 0) v8.setFlagsFromString(`--heap-growing-percent=${percent}`);
  return percent;
}
