import { DEFAULT_JSONATA_LIMITS, type JsonataLimits } from './jsonata-limits.js';
import { JsonataPool } from './jsonata-pool.js';

let limits: Readonly<JsonataLimits> = DEFAULT_JSONATA_LIMITS;
let pool: JsonataPool | undefined;

/** The process's one evaluation pool (evaluators start on first use), under the limits last configured. */
export function sharedJsonataPool(): JsonataPool {
  pool ??= new JsonataPool(limits);
  return pool;
}

/**
 * Sets the limits of every later evaluation in this process (an app does it once at start, from
 * its HUB_JSONATA_* settings). Different limits replace the pool: the old one finishes what it has.
 */
export function configureJsonata(next: Partial<JsonataLimits>): void {
  const merged = { ...DEFAULT_JSONATA_LIMITS, ...next };
  if ((Object.keys(merged) as (keyof JsonataLimits)[]).every((key) => merged[key] === limits[key])) return;
  limits = merged;
  void pool?.close('drain');
  pool = undefined;
}
