import { sharedJsonataPool } from './shared-jsonata-pool.js';
import type { InProcessEvaluation } from './in-process-evaluation.js';
// The same path from src/ and from dist/ (the evaluator's folder, see jsonata-pool.ts).
import { jsonLengthAtLeast } from '../../evaluator/evaluation-shared.mjs';
import type { JsonataPool } from './jsonata-pool.js';

/**
 * Past this much JSON of input and bindings even a bounded expression goes to the evaluators: a
 * path over a 1 MB payload of 10,000 items held the event loop 27-66 ms in process.
 */
export const IN_PROCESS_MAX_INPUT_CHARS = 64 * 1024;

/**
 * A JSONata expression whose syntax was checked. Its evaluations run in the evaluation pool
 * (off the caller's event loop, under the process's limits), or in this process when the
 * expression is bounded and its input small (compileJsonata, IN_PROCESS_MAX_INPUT_CHARS), and
 * reject with a JsonataEvaluationError: HUB_JSONATA_TIMEOUT or HUB_JSONATA_RESOURCE_LIMIT at a
 * limit, HUB_JSONATA_BUSY (retryable) when too many wait, HUB_JSONATA_EVALUATION_FAILED when the
 * expression throws. Values cross as JSON: what comes back is plain data.
 */
export class JsonataExpression {
  constructor(
    readonly source: string,
    /** Default: the process's shared pool, looked up at each evaluation (limits configured later apply). */
    private readonly pool?: JsonataPool,
    /** Set for a bounded expression: it needs no evaluator process (see isBoundedExpression). */
    private readonly inProcess?: InProcessEvaluation,
  ) {}

  /** Whether evaluations run in this process rather than in the pool (for inputs up to IN_PROCESS_MAX_INPUT_CHARS). */
  get runsInProcess(): boolean {
    return this.inProcess !== undefined;
  }

  evaluate(input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
    const pool = this.pool ?? sharedJsonataPool();
    if (this.inProcess && jsonLengthAtLeast([input, bindings], IN_PROCESS_MAX_INPUT_CHARS) <= IN_PROCESS_MAX_INPUT_CHARS) return this.inProcess.evaluate(pool.limits, input, bindings);
    return pool.evaluate(this.source, input, bindings);
  }
}
