import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ActionContext, HttpResponse } from '../define-connector.js';
import { isHubError } from '../hub-error.js';
import { DEFAULT_JSONATA_LIMITS } from '../jsonata/jsonata-limits.js';
import { configureJsonata, sharedJsonataPool } from '../jsonata/shared-jsonata-pool.js';
import { parseConnectorDeclaration } from './parse-connector-declaration.js';

const LOOP = '($f := function($x){ $f($x) }; $f(1))';

/** A chat connector whose send action builds its body, and reads its answer, with these expressions. */
const declaration = ({ body = 'text', failWhen = 'ok = false' }: { body?: string; failWhen?: string }) => `
id: chat
version: 1.0.0
name: Chat
actions:
  send:
    description: Send a message
    method: POST
    path: /send
    input: { type: object, properties: { text: { type: string } }, required: [text] }
    body: '${body}'
    failWhen:
      expression: '${failWhen}'
      code: error
`;
const load = (text: string) => parseConnectorDeclaration(text, { file: 'chat/connector.yaml', dir: '/nonexistent' });

function answering(answer: HttpResponse): { ctx: ActionContext; sent: () => number } {
  let sent = 0;
  const ctx: ActionContext = {
    idempotencyKey: 'evt-1:send',
    baseUrl: 'https://chat.example',
    http: {
      request: () => {
        sent += 1;
        return Promise.resolve(answer);
      },
    },
  };
  return { ctx, sent: () => sent };
}

async function failureOf(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (err) {
    if (!isHubError(err)) throw err;
    return { code: err.code, retryable: err.retryable };
  }
  return undefined;
}

beforeAll(() => configureJsonata({ timeoutMs: 300 }));
afterAll(async () => {
  await sharedJsonataPool().close();
  configureJsonata(DEFAULT_JSONATA_LIMITS);
});

describe('a declared action whose expression hits a JSONata limit', () => {
  it('a body expression that never ends fails with HUB_JSONATA_TIMEOUT (not a request problem), and nothing is sent', async () => {
    const connector = await load(declaration({ body: LOOP }));
    const chat = answering({ status: 200, headers: {}, body: { ok: true } });
    expect(await failureOf(connector.actions.send!.run(chat.ctx, { text: 'hi' }))).toEqual({ code: 'HUB_JSONATA_TIMEOUT', retryable: false });
    expect(chat.sent()).toBe(0);
  });

  it('a failWhen expression that gives 50 MB fails with HUB_JSONATA_RESOURCE_LIMIT', async () => {
    const connector = await load(declaration({ failWhen: '$pad("", 50000000)' }));
    const chat = answering({ status: 200, headers: {}, body: { ok: true } });
    expect(await failureOf(connector.actions.send!.run(chat.ctx, { text: 'hi' }))).toEqual({ code: 'HUB_JSONATA_RESOURCE_LIMIT', retryable: false });
    expect(chat.sent()).toBe(1);
  });

  it('an expression that merely throws is still the action\'s own failure (HUB_CONNECTOR_REQUEST_INVALID)', async () => {
    const connector = await load(declaration({ body: 'text + 1' }));
    expect(await failureOf(connector.actions.send!.run(answering({ status: 200, headers: {}, body: {} }).ctx, { text: 'hi' }))).toEqual({ code: 'HUB_CONNECTOR_REQUEST_INVALID', retryable: false });
  });
});
