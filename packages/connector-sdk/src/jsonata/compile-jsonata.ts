import jsonata from 'jsonata';
import { isBoundedExpression } from './bounded-expression.js';
import { InProcessEvaluation } from './in-process-evaluation.js';
import { JsonataExpression } from './jsonata-expression.js';
import type { JsonataPool } from './jsonata-pool.js';

export type CompiledJsonata = { ok: true; expression: JsonataExpression } | { ok: false; message: string; position: number | undefined };

/**
 * The one way the hub turns JSONata text into an expression. The syntax is checked here, in
 * process (parsing is cheap and bounded by the text). A bounded expression (paths, literals,
 * constructors: isBoundedExpression) is evaluated in process, a projection among them without
 * jsonata (projection.ts); any other runs in the pool, which compiles each source once per
 * evaluator and keeps it.
 */
export function compileJsonata(source: string, pool?: JsonataPool): CompiledJsonata {
  let ast: unknown;
  try {
    ast = jsonata(source).ast();
  } catch (err) {
    // jsonata throws plain objects `{ code, message, position }`.
    const { message, position } = err as { message?: unknown; position?: unknown };
    return { ok: false, message: typeof message === 'string' ? message : String(err), position: typeof position === 'number' ? position : undefined };
  }
  return { ok: true, expression: new JsonataExpression(source, pool, isBoundedExpression(ast) ? new InProcessEvaluation(source, ast) : undefined) };
}
