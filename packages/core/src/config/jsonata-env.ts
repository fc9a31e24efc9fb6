import { z } from 'zod';
import { DEFAULT_JSONATA_LIMITS, type JsonataLimits } from '@hub/connector-sdk';

const d = DEFAULT_JSONATA_LIMITS;

/**
 * Limits of every JSONata evaluation of a process (routes, connector mappings, workflow steps and
 * filters), for the processes that evaluate: the worker and the console (dry runs). docs/reliability.md.
 */
export const JsonataEnv = z.object({
  /** Longest one evaluation may run; past it the event fails with HUB_JSONATA_TIMEOUT. */
  HUB_JSONATA_TIMEOUT_MS: z.coerce.number().int().min(10).max(60_000).default(d.timeoutMs),
  /** Deepest nesting of evaluation steps (a recursion); deeper fails with HUB_JSONATA_RESOURCE_LIMIT. */
  HUB_JSONATA_MAX_DEPTH: z.coerce.number().int().min(10).max(100_000).default(d.maxDepth),
  /** Heap of one evaluator process, MiB. */
  HUB_JSONATA_MEMORY_MB: z.coerce.number().int().min(16).max(16_384).default(d.memoryMb),
  /** Largest result of one evaluation (UTF-8 JSON bytes): at least the largest payload a mapping passes on whole. */
  HUB_JSONATA_MAX_RESULT_BYTES: z.coerce.number().int().min(1_024).max(512 * 1024 * 1024).default(d.maxResultBytes),
  /** Evaluator processes (started when first needed). */
  HUB_JSONATA_PROCESSES: z.coerce.number().int().min(1).max(64).default(d.processes),
  /** Evaluations that may wait for an evaluator; beyond, HUB_JSONATA_BUSY (the event waits in its queue). */
  HUB_JSONATA_MAX_QUEUED: z.coerce.number().int().min(1).max(1_000_000).default(d.maxQueued),
});
export type JsonataConfig = z.infer<typeof JsonataEnv>;

export function jsonataLimits(config: JsonataConfig): JsonataLimits {
  return {
    timeoutMs: config.HUB_JSONATA_TIMEOUT_MS,
    maxDepth: config.HUB_JSONATA_MAX_DEPTH,
    memoryMb: config.HUB_JSONATA_MEMORY_MB,
    maxResultBytes: config.HUB_JSONATA_MAX_RESULT_BYTES,
    processes: config.HUB_JSONATA_PROCESSES,
    maxQueued: config.HUB_JSONATA_MAX_QUEUED,
  };
}
