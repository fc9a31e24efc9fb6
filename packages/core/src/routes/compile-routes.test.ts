import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import github from '@hub/connector-github';
import http from '@hub/connector-http';
import shopify from '@hub/connector-shopify';
import stripe from '@hub/connector-stripe';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileRoutes, loadHubConfig } from './compile-routes.js';

const connectors = { stripe, github, shopify, http };

const loadRoutesFile = async (path: string, all: typeof connectors) => (await loadHubConfig(path, all)).routes;

function route(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    name: 'payments-to-ledger',
    on: { connector: 'stripe', event: 'payment_intent.succeeded' },
    action: { connector: 'http', name: 'post' },
    input: '{ "url": "http://127.0.0.1/ledger", "body": { "payment": data.object.id, "hubEventId": $eventId, "account": $account, "type": $eventType } }',
    ...overrides,
  };
}

/** The HubError compileRoutes throws, or fails the test when it does not throw. */
function compileError(file: unknown): { code?: string; details?: { problems?: string[] } } {
  try {
    compileRoutes(file, connectors);
  } catch (err) {
    return err as { code?: string; details?: { problems?: string[] } };
  }
  throw new Error('expected compileRoutes to throw');
}

describe('compileRoutes', () => {
  it('compiles a valid route and builds the input with $eventId, $account and $eventType bound', async () => {
    const [compiled, ...rest] = compileRoutes({ routes: [route()] }, connectors);
    expect(rest).toHaveLength(0);
    expect(compiled?.config.name).toBe('payments-to-ledger');
    const input = await compiled?.buildInput({ data: { object: { id: 'pi_1' } } }, { eventId: 'evt-1', account: 'acct_9', eventType: 'payment_intent.succeeded' });
    expect(input).toEqual({ url: 'http://127.0.0.1/ledger', body: { payment: 'pi_1', hubEventId: 'evt-1', account: 'acct_9', type: 'payment_intent.succeeded' } });
  });

  it('keeps the bindings of concurrent evaluations apart', async () => {
    const [compiled] = compileRoutes({ routes: [route({ input: '{ "id": $eventId, "p": data.object.id }' })] }, connectors);
    const results = await Promise.all(
      ['a', 'b', 'c'].map((id) => compiled?.buildInput({ data: { object: { id: `pi_${id}` } } }, { eventId: id, account: null, eventType: 'x' })),
    );
    expect(results).toEqual([{ id: 'a', p: 'pi_a' }, { id: 'b', p: 'pi_b' }, { id: 'c', p: 'pi_c' }]);
  });

  it('treats a missing or empty file as no routes', () => {
    expect(compileRoutes(undefined, connectors)).toEqual([]);
    expect(compileRoutes({}, connectors)).toEqual([]);
  });

  it.each([
    ['an unknown source connector', { on: { connector: 'paypal', event: 'payment.created' } }],
    ['an event the source connector does not declare', { on: { connector: 'stripe', event: 'invoice.paid' } }],
    ['an unknown target connector', { action: { connector: 'slack', name: 'post' } }],
    ['an action the target connector does not have', { action: { connector: 'http', name: 'get' } }],
    ['an input that is not valid JSONata', { input: '{ "a": ' }],
  ])('rejects %s with HUB_ROUTES_INVALID and one problem', (_what, overrides) => {
    const err = compileError({ routes: [route(overrides)] });
    expect(err.code).toBe('HUB_ROUTES_INVALID');
    expect(err.details?.problems).toHaveLength(1);
    expect(err.details?.problems?.[0]).toContain('payments-to-ledger');
  });

  it('rejects two routes with the same name', () => {
    const err = compileError({ routes: [route(), route()] });
    expect(err.code).toBe('HUB_ROUTES_INVALID');
    expect(err.details?.problems).toHaveLength(1);
  });

  it('reports every problem of every route together', () => {
    const err = compileError({
      routes: [
        route({ name: 'a', on: { connector: 'paypal', event: 'x' }, action: { connector: 'http', name: 'get' } }),
        route({ name: 'b', input: '(((' }),
        route({ name: 'c', action: { connector: 'slack', name: 'post' } }),
        route({ name: 'c' }),
      ],
    });
    expect(err.code).toBe('HUB_ROUTES_INVALID');
    const problems = err.details?.problems ?? [];
    expect(problems).toHaveLength(5);
    for (const name of ['"a"', '"b"', '"c"']) expect(problems.some((p) => p.includes(name))).toBe(true);
  });

  it.each(['Payments', 'has space', '-leading-dash', 'x'.repeat(64), ''])('rejects the route name %j with HUB_ROUTES_INVALID', (name) => {
    expect(compileError({ routes: [route({ name })] }).code).toBe('HUB_ROUTES_INVALID');
  });

  it('rejects a file whose routes is not a list with HUB_ROUTES_INVALID', () => {
    expect(compileError({ routes: { name: 'x' } }).code).toBe('HUB_ROUTES_INVALID');
  });

  it('lists a bad name in details.problems together with the other problems', () => {
    const err = compileError({ routes: [route({ name: 'Bad Name' }), route({ name: 'ok', on: { connector: 'paypal', event: 'x' } })] });
    expect(err.details?.problems).toHaveLength(2);
  });

  it.each([
    ['event', { on: { connector: 'stripe', event: 'toString' } }],
    ['action', { action: { connector: 'http', name: 'constructor' } }],
    ['connector', { on: { connector: 'toString', event: 'x' } }],
  ])('rejects an inherited Object property used as %s with HUB_ROUTES_INVALID', (_what, overrides) => {
    expect(compileError({ routes: [route(overrides)] }).code).toBe('HUB_ROUTES_INVALID');
  });
});

describe('loadHubConfig (routes of hub.config.yaml)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hub-routes-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns no routes when the file does not exist', async () => {
    await expect(loadRoutesFile(join(dir, 'missing.yaml'), connectors)).resolves.toEqual([]);
  });

  it('compiles the routes of a YAML file', async () => {
    const path = join(dir, 'ok.yaml');
    await writeFile(path, 'routes:\n  - name: r1\n    on: { connector: github, event: push }\n    action: { connector: http, name: post }\n    input: \'{ "url": "http://x", "body": { "ref": ref } }\'\n');
    const routes = await loadRoutesFile(path, connectors);
    expect(routes.map((r) => r.config.name)).toEqual(['r1']);
    await expect(routes[0]?.buildInput({ ref: 'refs/heads/main' }, { eventId: 'e', account: null, eventType: 'push' })).resolves.toEqual({ url: 'http://x', body: { ref: 'refs/heads/main' } });
  });

  it('rejects a file that is not valid YAML with HUB_ROUTES_INVALID', async () => {
    const path = join(dir, 'broken.yaml');
    await writeFile(path, 'routes:\n  - name: r1\n    on: { connector: stripe\n  bad: [\n');
    await expect(loadRoutesFile(path, connectors)).rejects.toMatchObject({ code: 'HUB_ROUTES_INVALID' });
  });

  it('rejects a valid YAML file with invalid routes with HUB_ROUTES_INVALID', async () => {
    const path = join(dir, 'invalid.yaml');
    await writeFile(path, 'routes:\n  - name: r1\n    on: { connector: stripe, event: nope }\n    action: { connector: http, name: post }\n    input: "{}"\n');
    await expect(loadRoutesFile(path, connectors)).rejects.toMatchObject({ code: 'HUB_ROUTES_INVALID', details: { problems: [expect.any(String)] } });
  });
});
