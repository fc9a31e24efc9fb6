import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { ActionContext, HttpRequest, HttpResponse } from '../define-connector.js';
import { isHubError } from '../hub-error.js';
import { loadConnectorDeclaration } from './load-connector-declaration.js';
import { nextLink } from './paginate.js';

const acme = await loadConnectorDeclaration(fileURLToPath(new URL('./__fixtures__/acme/connector.yaml', import.meta.url)));
const BASE = 'https://shop-1.acme.example';

/** Our own ActionContext interface, answering from a script and recording every request. */
function recordingContext(answer: (req: HttpRequest, index: number) => HttpResponse = () => ({ status: 200, headers: {}, body: {} })) {
  const calls: HttpRequest[] = [];
  const ctx: ActionContext = {
    idempotencyKey: 'evt-1:route-a',
    baseUrl: BASE,
    http: {
      request(req) {
        calls.push(req);
        return Promise.resolve(answer(req, calls.length - 1));
      },
    },
  };
  return { ctx, calls };
}

async function run(name: string, input: unknown, ctx: ActionContext): Promise<HttpResponse> {
  const action = acme.actions[name]!;
  return action.run(ctx, action.input.parse(input));
}

async function codeOf(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (err) {
    return isHubError(err) ? err.code : 'not-a-hub-error';
  }
  return undefined;
}

describe('actions declared in YAML', () => {
  it('fills path placeholders URL-encoded, so an input cannot reach another path', async () => {
    const { ctx, calls } = recordingContext();
    await run('get_contact', { id: 'a b ?c#d' }, ctx);
    expect(calls).toEqual([{ method: 'GET', url: `${BASE}/v2/contacts/a%20b%20%3Fc%23d`, headers: {} }]);
  });

  it.each(['..', '../admin', '%2e%2e', '%2f', 'a\\b'])('refuses the path value %j with HUB_CONNECTOR_PATH_VALUE_REFUSED and sends nothing', async (id) => {
    const { ctx, calls } = recordingContext();
    const err = await run('get_contact', { id }, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'HUB_CONNECTOR_PATH_VALUE_REFUSED', retryable: false, details: { placeholder: 'id' } });
    expect(calls).toEqual([]);
  });

  it('sends the JSONata query and JSON body, the static headers and the idempotency key', async () => {
    const { ctx, calls } = recordingContext();
    await run('create_contact', { listId: 'l 1', email: 'ada@example.com', firstName: 'Ada', notify: true, tags: ['vip'] }, ctx);
    expect(calls).toEqual([
      {
        method: 'POST',
        url: `${BASE}/v2/lists/l%201/contacts?notify=true`,
        headers: { Accept: 'application/json', 'Idempotency-Key': 'evt-1:route-a', 'content-type': 'application/json' },
        body: { email: 'ada@example.com', first_name: 'Ada', tags: ['vip'] },
      },
    ]);
  });

  it('encodes a form body Stripe-style, nested objects as metadata[key]=value', async () => {
    const { ctx, calls } = recordingContext();
    await run('create_charge', { amount: 4200, currency: 'eur', metadata: { order_id: '42', 'note & more': 'a=b' } }, ctx);
    const [call] = calls;
    expect(call!.headers).toEqual({ 'Idempotency-Key': 'evt-1:route-a', 'content-type': 'application/x-www-form-urlencoded' });
    expect(typeof call!.body).toBe('string');
    expect([...new URLSearchParams(call!.body as string)]).toEqual([
      ['amount', '4200'],
      ['currency', 'eur'],
      ['metadata[order_id]', '42'],
      ['metadata[note & more]', 'a=b'],
    ]);
  });

  it('validates the input with the converted schema before anything is sent', () => {
    const input = acme.actions.create_contact!.input;
    expect(input.safeParse({ listId: 'l', email: 'not-an-email' }).success).toBe(false);
    expect(input.safeParse({ listId: 'l', email: 'a@example.com', unexpected: 1 }).success).toBe(false);
  });

  it('parses answers with the declared output schema', () => {
    expect(acme.actions.get_contact!.output?.safeParse({ id: 'ct_1', email: 'a@example.com' }).success).toBe(true);
    expect(acme.actions.get_contact!.output?.safeParse({ id: 'ct_1' }).success).toBe(false);
  });

  it('follows a cursor across 3 pages and returns every item', async () => {
    const pages = [
      { contacts: [{ id: 1 }, { id: 2 }], meta: { next_cursor: 'c2' } },
      { contacts: [{ id: 3 }, { id: 4 }], meta: { next_cursor: 'c3' } },
      { contacts: [{ id: 5 }], meta: { next_cursor: null } },
    ];
    const { ctx, calls } = recordingContext((_req, index) => ({ status: 200, headers: { 'x-page': String(index + 1) }, body: pages[index] }));
    const response = await run('list_contacts', { status: 'active' }, ctx);
    expect(calls.map((c) => c.url)).toEqual([
      `${BASE}/v2/contacts?status=active&limit=2`,
      `${BASE}/v2/contacts?status=active&limit=2&cursor=c2`,
      `${BASE}/v2/contacts?status=active&limit=2&cursor=c3`,
    ]);
    expect(response).toEqual({ status: 200, headers: { 'x-page': '3' }, body: [1, 2, 3, 4, 5].map((id) => ({ id })) });
  });

  it('follows Link rel="next" across 3 pages', async () => {
    const links = [`<${BASE}/v2/invoices?page=2>; rel="next", <${BASE}/v2/invoices?page=9>; rel="last"`, '</v2/invoices?page=3>; rel="next"', `<${BASE}/v2/invoices?page=1>; rel="first"`];
    const { ctx, calls } = recordingContext((_req, index) => ({ status: 200, headers: { link: links[index]! }, body: [{ n: index }] }));
    const response = await run('list_invoices', {}, ctx);
    expect(calls.map((c) => c.url)).toEqual([`${BASE}/v2/invoices`, `${BASE}/v2/invoices?page=2`, `${BASE}/v2/invoices?page=3`]);
    expect(response.body).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
  });

  it('counts pages up to maxPages and stops there', async () => {
    const { ctx, calls } = recordingContext((_req, index) => ({ status: 200, headers: {}, body: { data: { events: [`e${index}`] } } }));
    const response = await run('list_events', {}, ctx);
    expect(calls.map((c) => new URL(c.url).searchParams.get('page'))).toEqual(['1', '2', '3']);
    expect(response.body).toEqual(['e0', 'e1', 'e2']);
  });

  it('stops counting pages at the first empty page', async () => {
    const { ctx, calls } = recordingContext((_req, index) => ({ status: 200, headers: {}, body: { data: { events: index === 0 ? ['e0'] : [] } } }));
    expect((await run('list_events', {}, ctx)).body).toEqual(['e0']);
    expect(calls).toHaveLength(2);
  });

  it('returns a failed page as it came, for the hub to classify', async () => {
    const { ctx, calls } = recordingContext((_req, index) =>
      index === 0 ? { status: 200, headers: {}, body: { contacts: [{ id: 1 }], meta: { next_cursor: 'c2' } } } : { status: 503, headers: {}, body: 'busy' },
    );
    expect(await run('list_contacts', {}, ctx)).toEqual({ status: 503, headers: {}, body: 'busy' });
    expect(calls).toHaveLength(2);
  });

  it('refuses to follow a next link to another origin (the credentials would go with it)', async () => {
    const { ctx } = recordingContext(() => ({ status: 200, headers: { link: '<https://evil.example/steal>; rel="next"' }, body: [] }));
    expect(await codeOf(run('list_invoices', {}, ctx))).toBe('HUB_CONNECTOR_REQUEST_INVALID');
  });

  it('throws HUB_CONNECTOR_BASE_URL_MISSING when the hub gives no base URL', async () => {
    const { ctx, calls } = recordingContext();
    const { baseUrl: _dropped, ...withoutBase } = ctx;
    expect(await codeOf(run('get_contact', { id: 'x' }, withoutBase))).toBe('HUB_CONNECTOR_BASE_URL_MISSING');
    expect(calls).toEqual([]);
  });

  it('runs hook actions with the same context', async () => {
    const { ctx, calls } = recordingContext();
    await run('merge_contacts', { keep: 'ct_1', drop: 'ct/2' }, ctx);
    expect(calls.map((c) => `${c.method} ${c.url}`)).toEqual([`POST ${BASE}/v2/contacts/ct_1/merge`, `DELETE ${BASE}/v2/contacts/ct%2F2`]);
  });
});

describe('nextLink', () => {
  it('finds rel="next" among several links and relation types', () => {
    expect(nextLink('<https://a/x?p=1>; rel="prev", <https://a/x?p=3>; rel="next"')).toBe('https://a/x?p=3');
    expect(nextLink('<https://a/x?p=3>; rel="next last"')).toBe('https://a/x?p=3');
    expect(nextLink('<https://a/x?p=3>; rel=next')).toBe('https://a/x?p=3');
    expect(nextLink('<https://a/x?p=3>; rel="nextish"')).toBeUndefined();
    expect(nextLink(undefined)).toBeUndefined();
  });
});
