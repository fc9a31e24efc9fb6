import type { HttpResponse } from '../define-connector.js';
import { ActionAnswerFailedError, JsonataEvaluationError } from '../errors.js';
import { HubError } from '../hub-error.js';
import type { JsonataExpression } from '../jsonata/index.js';
import type { FailWhenDeclaration } from './action-declaration.js';

/** A declared failWhen rule with its expression compiled at load. */
export interface CompiledFailWhen {
  rule: FailWhenDeclaration;
  expression: JsonataExpression;
}

/** A provider code is echoed into errors and events: keep only a short, printable one. */
const MAX_CODE_LENGTH = 100;

function codeAt(body: unknown, dotted: string): string | undefined {
  let node = body;
  for (const key of dotted.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, key)) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  if (typeof node === 'number') return String(node);
  return typeof node === 'string' && node !== '' ? node.slice(0, MAX_CODE_LENGTH) : undefined;
}

/** Retry-After in seconds (the only form Slack and most JSON APIs send), as milliseconds. */
function retryAfterMs(headers: Record<string, string>): number | undefined {
  const value = headers['retry-after'] ?? headers['Retry-After'];
  if (value === undefined || !/^\d+$/.test(value.trim())) return undefined;
  return Number(value.trim()) * 1000;
}

/**
 * Throws ActionAnswerFailedError when a 2xx answer matches the rule: HUB_ACTION_TRANSIENT when the
 * provider's code is in `transient`, else HUB_ACTION_PERMANENT. Non-2xx answers are left to the caller
 * (the hub's HTTP client has already classified them by status).
 */
export async function checkFailWhen(failWhen: CompiledFailWhen, response: HttpResponse, connectorId: string, action: string): Promise<void> {
  if (response.status < 200 || response.status > 299) return;
  let matched: unknown;
  try {
    matched = await failWhen.expression.evaluate(response.body);
  } catch (err) {
    if (err instanceof JsonataEvaluationError && err.code === 'HUB_JSONATA_BUSY') {
      // The call was made and its answer not read: like an answer cut off (a code of @hub/core, as ActionAnswerFailedError raises).
      throw new HubError('HUB_ACTION_OUTCOME_UNKNOWN', `action ${connectorId}.${action}: the ${response.status} answer was not checked against failWhen (${err.message})`, {
        retryable: true,
        retryAfterMs: err.retryAfterMs,
        details: { connectorId, action, status: response.status },
        cause: err,
      });
    }
    // A limit keeps its own code (permanent: the same answer would hit it again).
    if (err instanceof JsonataEvaluationError && err.code !== 'HUB_JSONATA_EVALUATION_FAILED') throw err;
    // The answer is not what the rule expects: a retry would get the same kind of answer.
    const message = typeof err === 'object' && err !== null && 'message' in err ? String((err as { message: unknown }).message) : String(err);
    throw new ActionAnswerFailedError(connectorId, action, { status: response.status, providerCode: undefined, transient: false, detail: `an answer the failWhen expression cannot read (${message})` }, err);
  }
  if (matched !== true) return;
  const providerCode = failWhen.rule.code === undefined ? undefined : codeAt(response.body, failWhen.rule.code);
  const transient = providerCode !== undefined && failWhen.rule.transient.includes(providerCode);
  throw new ActionAnswerFailedError(connectorId, action, { status: response.status, providerCode, transient, retryAfterMs: transient ? retryAfterMs(response.headers) : undefined });
}
