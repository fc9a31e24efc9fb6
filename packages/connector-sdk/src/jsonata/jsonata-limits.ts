/** The limits every JSONata evaluation of a process runs under (HUB_JSONATA_* settings). */
export interface JsonataLimits {
  /** Longest one evaluation may run; past it the evaluation fails with HUB_JSONATA_TIMEOUT. */
  timeoutMs: number;
  /** Deepest nesting of evaluation steps (JSONata's `stack` option: recursion depth). */
  maxDepth: number;
  /** Heap of one evaluator process (V8 old generation), in MiB; an evaluation that needs more kills its evaluator. */
  memoryMb: number;
  /** Largest result, as UTF-8 JSON bytes. */
  maxResultBytes: number;
  /** Evaluator processes, started when first needed. */
  processes: number;
  /** Evaluations that may wait for an evaluator; one more is refused with HUB_JSONATA_BUSY (retryable). */
  maxQueued: number;
}

export const DEFAULT_JSONATA_LIMITS: Readonly<JsonataLimits> = {
  timeoutMs: 1_000,
  maxDepth: 500,
  memoryMb: 128,
  maxResultBytes: 5 * 1024 * 1024,
  processes: 2,
  maxQueued: 1_000,
};
