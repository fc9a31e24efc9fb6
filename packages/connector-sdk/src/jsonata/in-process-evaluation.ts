import jsonata from 'jsonata';
// The same path from src/ and from dist/: the evaluator's own rules (see jsonata-pool.ts).
import { failureOf } from '../../evaluator/evaluation-shared.mjs';
import { evaluatorFailure } from './evaluator-failure.js';
import type { JsonataLimits } from './jsonata-limits.js';
import { compileProjection, NOT_PLAIN, type Projection } from './projection.js';

type Compiled = ReturnType<typeof jsonata>;

/**
 * Evaluates a bounded expression (isBoundedExpression) in this process, answering exactly what an
 * evaluator would: the value as plain data (through JSON, as it crosses from an evaluator), the
 * same errors for the same failures, the result size limit. It saves the round trip to an
 * evaluator process: two IPC messages with the input as JSON, ~6 % of a worker's CPU under the
 * bench's flow (docs/benchmarks.md, "Issue 15, seventh increment").
 */
export class InProcessEvaluation {
  // Compiled with the limits of the first evaluation; other limits (configureJsonata) compile again.
  private compiled: { expression: Compiled; timeoutMs: number; maxDepth: number } | undefined;

  private readonly projection: Projection | undefined;

  /** `ast`: the source's parse (compileJsonata's), from which a projection is compiled when it is one. */
  constructor(
    private readonly source: string,
    ast: unknown,
  ) {
    this.projection = compileProjection(ast);
  }

  async evaluate(limits: Readonly<JsonataLimits>, input: unknown, bindings?: Record<string, unknown>): Promise<unknown> {
    let value = this.projection ? this.projection(input, bindings) : NOT_PLAIN;
    if (value === NOT_PLAIN) {
      try {
        value = await this.expressionFor(limits).evaluate(input, bindings);
      } catch (err) {
        throw evaluatorFailure({ id: 0, ok: false, ...failureOf(err) }, limits);
      }
    }
    if (value === undefined) return undefined;
    const json = JSON.stringify(value) as string | undefined;
    if (json === undefined) return undefined;
    if (Buffer.byteLength(json) > limits.maxResultBytes) throw evaluatorFailure({ id: 0, ok: false, kind: 'too_large' }, limits);
    return JSON.parse(json) as unknown;
  }

  private expressionFor({ timeoutMs, maxDepth }: Readonly<JsonataLimits>): Compiled {
    if (this.compiled?.timeoutMs !== timeoutMs || this.compiled.maxDepth !== maxDepth) {
      // The evaluators' options: jsonata checks both limits at every step (D1011, D1012).
      this.compiled = { expression: jsonata(this.source, { timeout: timeoutMs, stack: maxDepth } as Parameters<typeof jsonata>[1]), timeoutMs, maxDepth };
    }
    return this.compiled.expression;
  }
}
