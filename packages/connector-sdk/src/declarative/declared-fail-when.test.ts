import { describe, expect, it } from 'vitest';
import type { ActionContext, HttpResponse } from '../define-connector.js';
import { isHubError } from '../hub-error.js';
import { parseConnectorDeclaration } from './parse-connector-declaration.js';

const declaration = (failWhen: string, extra = '') => `
id: chat
version: 1.0.0
name: Chat
actions:
  post:
    description: Post a message
    method: POST
    path: /chat.postMessage
    input: { type: object, properties: { text: { type: string } }, required: [text] }
${failWhen}
${extra}
`;
const RULE = `    failWhen:
      expression: $not(ok)
      code: error
      transient: [ratelimited, service_unavailable]`;

const load = (text: string) => parseConnectorDeclaration(text, { file: 'chat/connector.yaml', dir: '/nonexistent' });

/** Our own ActionContext, answering every request with the given answers in turn. */
function answering(...answers: HttpResponse[]): { ctx: ActionContext; calls: number } {
  const state = { calls: 0 };
  const ctx: ActionContext = {
    idempotencyKey: 'evt-1:post',
    baseUrl: 'https://chat.example',
    http: { request: () => Promise.resolve(answers[Math.min(state.calls++, answers.length - 1)]!) },
  };
  return { ctx, get calls() { return state.calls; } };
}
const ok = (body: unknown, headers: Record<string, string> = {}): HttpResponse => ({ status: 200, headers, body });

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (!isHubError(err)) throw err;
    return { code: err.code, retryable: err.retryable, retryAfterMs: err.retryAfterMs, details: err.details, message: err.message };
  }
  return undefined;
}

describe('failWhen on a declared action', () => {
  it('returns a 2xx answer the expression does not match, unchanged', async () => {
    const connector = await load(declaration(RULE));
    const answer = ok({ ok: true, ts: '1503435956.000247' });
    expect(await connector.actions.post!.run(answering(answer).ctx, { text: 'hi' })).toEqual(answer);
  });

  it('throws HUB_ACTION_PERMANENT naming the provider code when the code is not in transient', async () => {
    const connector = await load(declaration(RULE));
    const failure = await failureOf(connector.actions.post!.run(answering(ok({ ok: false, error: 'channel_not_found' })).ctx, { text: 'hi' }));
    expect(failure).toMatchObject({ code: 'HUB_ACTION_PERMANENT', retryable: false, details: { status: 200, providerCode: 'channel_not_found' } });
    expect(failure?.message).toContain('channel_not_found');
  });

  it('throws HUB_ACTION_TRANSIENT for a code in transient, with Retry-After when the answer carries one', async () => {
    const connector = await load(declaration(RULE));
    const failure = await failureOf(connector.actions.post!.run(answering(ok({ ok: false, error: 'ratelimited' }, { 'retry-after': '30' })).ctx, { text: 'hi' }));
    expect(failure).toMatchObject({ code: 'HUB_ACTION_TRANSIENT', retryable: true, retryAfterMs: 30_000, details: { providerCode: 'ratelimited' } });
  });

  it('treats a matching answer without a code at the path as permanent', async () => {
    const connector = await load(declaration(RULE));
    expect(await failureOf(connector.actions.post!.run(answering(ok({ ok: false })).ctx, { text: 'hi' }))).toMatchObject({ code: 'HUB_ACTION_PERMANENT', retryable: false });
  });

  it('leaves non-2xx answers to the HTTP client that classified them', async () => {
    const connector = await load(declaration(RULE));
    const answer: HttpResponse = { status: 503, headers: {}, body: { ok: false, error: 'service_unavailable' } };
    expect(await connector.actions.post!.run(answering(answer).ctx, { text: 'hi' })).toEqual(answer);
  });

  it('checks each page of a paginated action and stops at the first failing one', async () => {
    const paginated = `    failWhen: { expression: '$not(ok)', code: error }
    pagination: { type: cursor, cursorPath: next, param: cursor, itemsPath: items }`;
    const connector = await load(declaration(paginated));
    const fake = answering(ok({ ok: true, items: [1], next: 'c2' }), ok({ ok: false, error: 'invalid_cursor' }), ok({ ok: true, items: [3] }));
    expect(await failureOf(connector.actions.post!.run(fake.ctx, { text: 'hi' }))).toMatchObject({ code: 'HUB_ACTION_PERMANENT', details: { providerCode: 'invalid_cursor' } });
    expect(fake.calls).toBe(2);
  });

  it('reports an invalid failWhen expression at its line when the declaration is loaded', async () => {
    let caught: unknown;
    try {
      await load(declaration(`    failWhen: { expression: 'ok = ', code: error }`));
    } catch (err) {
      caught = err;
    }
    expect(isHubError(caught) && caught.code).toBe('HUB_CONNECTOR_DECLARATION_INVALID');
    expect((caught as Error).message).toMatch(/^chat\/connector\.yaml:\d+:\d+ actions\.post\.failWhen\.expression: invalid JSONata/);
  });
});
