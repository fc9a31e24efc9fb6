import type { z } from 'zod';
import type { ActionContext, ActionDefinition, HttpRequest, HttpResponse } from '../define-connector.js';
import { ActionBaseUrlMissingError, ActionRequestError, JsonataEvaluationError } from '../errors.js';
import type { JsonataExpression } from '../jsonata/index.js';
import { requirePath } from '../require-path.js';
import type { ActionDeclaration } from './action-declaration.js';
import { checkFailWhen, type CompiledFailWhen } from './check-fail-when.js';
import { formEncode } from '../form-encode.js';
import { paginate } from './paginate.js';

/** What the loader compiled from an action's declaration. */
export interface CompiledAction {
  connectorId: string;
  name: string;
  declaration: ActionDeclaration;
  input: z.ZodType;
  output?: z.ZodType | undefined;
  query?: JsonataExpression | undefined;
  body?: JsonataExpression | undefined;
  failWhen?: CompiledFailWhen | undefined;
}

const SENDS_BODY = new Set(['POST', 'PUT', 'PATCH']);

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((key) => key.toLowerCase() === name.toLowerCase());
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Turns a declared action into an ActionDefinition whose `run` builds and sends the request (auth is the hub client's job). */
export function buildAction(compiled: CompiledAction): ActionDefinition {
  const { connectorId, name, declaration } = compiled;
  const fail = (detail: string, cause?: unknown) => new ActionRequestError(connectorId, name, detail, cause);

  async function evaluate(expression: JsonataExpression, input: unknown, what: string): Promise<unknown> {
    try {
      return await expression.evaluate(input);
    } catch (err) {
      // A limit (or a full pool) keeps its own code: the author must see that it was not the data.
      if (err instanceof JsonataEvaluationError && err.code !== 'HUB_JSONATA_EVALUATION_FAILED') throw err;
      throw fail(`${what} expression failed: ${(err as Error).message}`, err);
    }
  }

  async function buildRequest(ctx: ActionContext, input: unknown): Promise<HttpRequest> {
    if (!ctx.baseUrl) throw new ActionBaseUrlMissingError(connectorId, name);
    const url = new URL(`${ctx.baseUrl.replace(/\/+$/, '')}${requirePath(connectorId, name, declaration.path, input)}`);

    if (compiled.query !== undefined) {
      const query = await evaluate(compiled.query, input, 'query');
      if (query !== undefined && !isPlainObject(query)) throw fail('query expression must give an object');
      if (query !== undefined) for (const [key, value] of new URLSearchParams(formEncode(query, { nulls: 'omit' }))) url.searchParams.append(key, value);
    }

    const headers: Record<string, string> = { ...declaration.headers };
    if (declaration.idempotencyKey !== undefined) headers[declaration.idempotencyKey.header] = ctx.idempotencyKey;

    const value = compiled.body !== undefined ? await evaluate(compiled.body, input, 'body') : SENDS_BODY.has(declaration.method) ? input : undefined;
    const request: HttpRequest = { method: declaration.method, url: url.toString(), headers };
    if (value === undefined) return request;
    if (declaration.bodyEncoding === 'form') {
      if (!isPlainObject(value)) throw fail('a form body must be an object');
      if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded';
      return { method: request.method, url: request.url, headers, body: formEncode(value, { nulls: 'omit' }) };
    }
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/json';
    return { method: request.method, url: request.url, headers, body: value };
  }

  return {
    description: declaration.description,
    input: compiled.input,
    ...(compiled.output === undefined ? {} : { output: compiled.output }),
    idempotent: declaration.idempotent,
    async run(ctx: ActionContext, input: unknown): Promise<HttpResponse> {
      const request = await buildRequest(ctx, input);
      const { failWhen } = compiled;
      const check = failWhen === undefined ? undefined : (answer: HttpResponse) => checkFailWhen(failWhen, answer, connectorId, name);
      if (declaration.pagination === undefined) {
        const answer = await ctx.http.request(request);
        await check?.(answer);
        return answer;
      }
      return paginate(ctx.http, request, declaration.pagination, (detail) => fail(detail), check);
    },
  };
}
