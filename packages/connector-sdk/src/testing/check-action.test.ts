import { startCatalogSimulator, type CatalogSimulator, type SimulatorEntryInput } from '@hub/simulators';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { defineAction } from '../define-action.js';
import { defineConnector } from '../define-connector.js';
import { requireBaseUrl } from '../require-base-url.js';
import { checkAction, type ActionCheckResult as CheckResult } from './check-action.js';

// A provider that documents one endpoint: POST /v1/notes/{id}, JSON { text } required, Idempotency-Key header.
const entry: SimulatorEntryInput = {
  routes: [
    {
      action: 'create_note',
      method: 'POST',
      path: '/v1/notes/{id}',
      request: {
        idempotencyKeyHeader: 'Idempotency-Key',
        body: { type: 'object', required: ['text'], additionalProperties: false, properties: { text: { type: 'string', minLength: 1 } } },
      },
      response: { status: 201, body: { id: 'note_1', text: 'hello' } },
      example: { id: 'n1', text: 'hello' },
    },
  ],
};

const Input = z.object({ id: z.string(), text: z.string() });
const Output = z.object({ id: z.string(), text: z.string() });

/** The action as documented, then variants each breaking one thing the check must catch. */
function noteAction(send: { path?: string; body?: (text: string) => unknown; key?: boolean; output?: z.ZodType }) {
  return defineAction({
    description: 'Create a note',
    input: Input,
    output: send.output ?? Output,
    async run(ctx, input) {
      const base = requireBaseUrl(ctx, 'notes', 'create_note');
      return ctx.http.request({
        method: 'POST',
        url: `${base}${send.path ?? `/v1/notes/${input.id}`}`,
        headers: { 'content-type': 'application/json', ...(send.key === false ? {} : { 'idempotency-key': ctx.idempotencyKey }) },
        body: send.body ? send.body(input.text) : { text: input.text },
      });
    },
  });
}

const connector = defineConnector({
  id: 'notes',
  version: '0.1.0',
  name: 'Notes',
  events: {},
  fixtures: {},
  actions: {
    create_note: noteAction({}),
    wrong_path: noteAction({ path: '/v1/note' }),
    missing_field: noteAction({ body: (text) => ({ content: text }) }),
    no_key: noteAction({ key: false }),
    wrong_output: noteAction({ output: z.object({ id: z.number() }) }),
    undocumented: noteAction({}),
  },
});

const documented = entry.routes[0]!;

/** Checks `action` against a simulator serving the documented route under that action's name. */
async function check(action: string, route: Partial<typeof documented> = {}): Promise<CheckResult & { simulator: CatalogSimulator }> {
  const simulator = await startCatalogSimulator({ routes: [{ ...documented, action, ...route }] });
  try {
    return { ...(await checkAction(connector, action, simulator)), simulator };
  } finally {
    await simulator.close();
  }
}

const kinds = async (action: string) => (await check(action)).problems.map((p) => p.kind);

describe('checkAction', () => {
  it('passes an action that sends the documented request and parses the documented answer', async () => {
    const result = await check('create_note');
    expect(result.problems).toEqual([]);
    expect(result.response?.status).toBe(201);
    expect(result.requests).toHaveLength(1);
    expect(result.requests[0]?.headers['idempotency-key']).toMatch(/^contract:notes:create_note:/);
  });

  it('reports a request to an undocumented path as a mismatch and a non-2xx answer', async () => {
    const result = await check('wrong_path');
    expect(result.problems.map((p) => p.kind)).toEqual(['request_mismatch', 'route_not_called', 'status_not_2xx']);
    expect(result.problems[0]?.message).toContain('POST /v1/note');
  });

  it('reports a body missing a required field, naming the field', async () => {
    const result = await check('missing_field');
    expect(result.problems.map((p) => p.kind)).toEqual(['request_mismatch', 'request_mismatch', 'route_not_called', 'status_not_2xx']);
    expect(result.problems.map((p) => p.message).join('\n')).toMatch(/body text:[\s\S]*body content:/);
  });

  it('reports a request without the idempotency key the route documents', async () => {
    expect(await kinds('no_key')).toEqual(['request_mismatch', 'route_not_called', 'status_not_2xx']);
  });

  it("reports an answer that does not parse with the action's output schema", async () => {
    expect(await kinds('wrong_output')).toEqual(['output_invalid']);
  });

  it('reports an action without a simulator route, and a route without an example', async () => {
    const other = await startCatalogSimulator({ routes: [{ ...documented }] });
    try {
      expect((await checkAction(connector, 'undocumented', other)).problems.map((p) => p.kind)).toEqual(['no_route']);
    } finally {
      await other.close();
    }
    expect((await check('create_note', { example: undefined })).problems.map((p) => p.kind)).toEqual(['no_example']);
  });

  it('reports an example that does not parse with the action input, before calling anything', async () => {
    const result = await check('create_note', { example: { id: 1 } });
    expect(result.problems.map((p) => p.kind)).toEqual(['example_invalid']);
    expect(result.simulator.requests).toEqual([]);
  });
});
