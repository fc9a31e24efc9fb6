import type { Connector } from '@hub/connector-sdk';
import type { ActionContext, HttpRequest, HttpResponse } from '@hub/connector-sdk';
import { describe, expect, it } from 'vitest';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { describeConnector } from '@hub/connector-sdk/testing';
import httpDefault, { http, PostInput } from './index.js';

describeConnector(http, { simulator: () => startCatalogSimulator(loadSimulatorEntry(new URL('..', import.meta.url))) });

function recordingContext(response: HttpResponse): { ctx: ActionContext; sent: HttpRequest[] } {
  const sent: HttpRequest[] = [];
  const ctx: ActionContext = {
    idempotencyKey: 'evt_1:route_1',
    http: {
      async request(req) {
        sent.push(req);
        return response;
      },
    },
  };
  return { ctx, sent };
}

describe('http connector', () => {
  it('is the default export as well as the named one and has no webhook', () => {
    expect(httpDefault).toBe(http);
    expect((http as Connector).webhook).toBeUndefined();
    expect(Object.keys(http.actions)).toEqual(['post']);
  });

  it('posts the body as JSON with the idempotency key and returns the response as received', async () => {
    const response = { status: 201, headers: { 'content-type': 'application/json' }, body: { id: 7 } };
    const { ctx, sent } = recordingContext(response);
    const input = PostInput.parse({ url: 'https://api.example.com/orders', body: { sku: 'A1', qty: 2 } });
    await expect(http.actions.post.run(ctx, input)).resolves.toBe(response);
    expect(sent).toEqual([
      {
        method: 'POST',
        url: 'https://api.example.com/orders',
        headers: { 'content-type': 'application/json', 'idempotency-key': 'evt_1:route_1' },
        body: { sku: 'A1', qty: 2 },
      },
    ]);
  });

  it('adds caller headers to the defaults', async () => {
    const { ctx, sent } = recordingContext({ status: 200, headers: {}, body: null });
    const input = PostInput.parse({ url: 'https://api.example.com/x', body: null, headers: { authorization: 'Bearer t' } });
    await http.actions.post.run(ctx, input);
    expect(sent[0]?.headers).toEqual({ 'content-type': 'application/json', 'idempotency-key': 'evt_1:route_1', authorization: 'Bearer t' });
  });

  it('rejects input without a valid URL or with non-string header values', () => {
    expect(PostInput.safeParse({ url: 'not a url', body: {} }).success).toBe(false);
    expect(PostInput.safeParse({ body: {} }).success).toBe(false);
    expect(PostInput.safeParse({ url: 'https://example.com', body: {}, headers: { 'x-n': 1 } }).success).toBe(false);
    expect(http.actions.post.input.safeParse({ url: 'https://example.com', body: [1, 2] }).success).toBe(true);
  });
});
