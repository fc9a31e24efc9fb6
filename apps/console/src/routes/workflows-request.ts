import { z } from 'zod';
import { hubError, isHubError } from '@hub/core/errors';

/** A bad name, version or body is the client's error (400 HUB_BAD_REQUEST through the app's error handler), not a 500. */
export function parseRequest<S extends z.ZodType>(schema: S, value: unknown): z.infer<S> {
  const result = schema.safeParse(value);
  if (!result.success) throw hubError('HUB_BAD_REQUEST', z.prettifyError(result.error));
  return result.data;
}

export const workflowNotFound = (name: string) => ({ error: { code: 'HUB_WORKFLOW_NOT_FOUND', message: `no workflow named "${name}"` } });


/**
 * The HTTP status of a WorkflowStore refusal: unknown workflow or version 404; an operation that does
 * not fit the workflow's state 409 (as a resolve of a resolved alert); an invalid definition 400.
 */
const STATUS_OF: Readonly<Record<string, number>> = {
  HUB_WORKFLOW_NOT_FOUND: 404,
  HUB_WORKFLOW_VERSION_NOT_FOUND: 404,
  HUB_WORKFLOW_NO_EARLIER_VERSION: 409,
  HUB_WORKFLOW_OPERATION_INVALID: 409,
  HUB_WORKFLOW_INVALID: 400,
};

/** The error response for a refusal of the store; anything else is rethrown (the app's handler answers 500). */
export function storeRefusal(err: unknown): { status: number; body: { error: { code: string; message: string } } } {
  if (!isHubError(err) || !Object.hasOwn(STATUS_OF, err.code)) throw err;
  return { status: STATUS_OF[err.code] as number, body: { error: { code: err.code, message: err.message } } };
}
