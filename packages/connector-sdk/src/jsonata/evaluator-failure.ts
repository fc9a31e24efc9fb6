import { JsonataEvaluationError } from '../errors.js';
import type { JsonataLimits } from './jsonata-limits.js';

/** What an evaluator (evaluator/jsonata-evaluator.mjs) answers for one evaluation. */
export type EvaluatorReply =
  | { id: number; ok: true; value?: unknown }
  | { id: number; ok: false; kind: 'timeout' | 'resource' | 'too_large' | 'failed'; code?: string; message?: string; position?: number };

/** The error an evaluator's refusal stands for, its message naming the limit and its setting. */
export function evaluatorFailure(reply: Extract<EvaluatorReply, { ok: false }>, limits: Readonly<JsonataLimits>): JsonataEvaluationError {
  const about = { jsonataCode: reply.code, position: reply.position };
  switch (reply.kind) {
    case 'timeout':
      return new JsonataEvaluationError('HUB_JSONATA_TIMEOUT', `JSONata expression ran longer than ${limits.timeoutMs} ms (HUB_JSONATA_TIMEOUT_MS): ${reply.message}`, { ...about, limit: 'timeoutMs' });
    case 'too_large':
      return new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `JSONata result is larger than ${limits.maxResultBytes} bytes (HUB_JSONATA_MAX_RESULT_BYTES)`, { limit: 'maxResultBytes' });
    case 'resource':
      return reply.code === 'D1011'
        ? new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `JSONata expression nested deeper than ${limits.maxDepth} steps (HUB_JSONATA_MAX_DEPTH): ${reply.message}`, { ...about, limit: 'maxDepth' })
        : new JsonataEvaluationError('HUB_JSONATA_RESOURCE_LIMIT', `JSONata expression went past an engine limit: ${reply.message}`, about);
    case 'failed':
      return new JsonataEvaluationError('HUB_JSONATA_EVALUATION_FAILED', reply.message ?? 'JSONata evaluation failed', about);
  }
}
