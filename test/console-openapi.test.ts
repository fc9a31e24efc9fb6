import { readFile } from 'node:fs/promises';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { startTestHub, type TestHub } from './support/test-hub.js';

const BOOTSTRAP = 'console-openapi-bootstrap-token-0123456789';
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

interface Operation {
  summary: string;
  'x-hub-role': 'viewer' | 'operator';
  parameters?: { name: string; in: string; required: boolean; schema: Record<string, unknown> }[];
  requestBody?: { required: boolean; content: { 'application/json': { schema: Record<string, unknown> } } };
  responses: Record<string, unknown>;
}
interface Document {
  openapi: string;
  paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
}

let hub: TestHub;
let viewerToken: string;
let document: Document;
/** Every /api route Fastify registered, seen by a hook of our own (not the console's catalog). */
const registered: string[] = [];

const operations = () =>
  Object.entries(document.paths).flatMap(([path, item]) => METHODS.filter((m) => item[m]).map((m) => ({ method: m.toUpperCase(), path, op: item[m] as Operation })));

beforeAll(async () => {
  hub = await startTestHub({ label: 'openapi', workerConnectors: [], relay: false, consoleToken: BOOTSTRAP });
  // The console's routes are registered when it first gets ready: a root hook sees those of every scope.
  hub.console.addHook('onRoute', (route) => {
    for (const method of ([] as string[]).concat(route.method)) if (method !== 'HEAD' && route.url.startsWith('/api')) registered.push(`${method} ${route.url}`);
  });
  viewerToken = (await new ApiTokenStore(hub.resources.pool).create({ name: 'openapi-reader', role: 'viewer', actor: 'test' })).token;
  const res = await hub.console.inject({ method: 'GET', url: '/api/openapi.json', headers: { authorization: `Bearer ${viewerToken}` } });
  expect(res.statusCode).toBe(200);
  document = res.json<Document>();
}, 60_000);
afterAll(async () => {
  await hub?.stop();
});

describe('GET /api/openapi.json', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const result = await new Validator().validate(document as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(document.openapi).toBe('3.1.0');
  });

  it('lists every registered /api route with its method, and nothing else', () => {
    // Fastify's :param is OpenAPI's {param}.
    const documented = operations().map(({ method, path }) => `${method} ${path.replace(/\{(\w+)\}/g, ':$1')}`);
    expect(registered.length).toBeGreaterThan(25);
    expect(documented.sort()).toEqual([...registered].sort());
  });

  it('needs a token like every /api path', async () => {
    const res = await hub.console.inject({ method: 'GET', url: '/api/openapi.json', remoteAddress: '192.0.2.10' });
    expect(res.statusCode).toBe(401);
  });

  it("states each route's role as the scope enforces it: a viewer token is refused exactly the operator routes", async () => {
    for (const { method, path, op } of operations()) {
      // The live stream never ends; it is a viewer route like the other reads.
      if (path === '/api/stream') continue;
      const url = path.replace(/\{(\w+)\}/g, 'x');
      const res = await hub.console.inject({ method: method as 'GET' | 'POST', url, headers: { authorization: `Bearer ${viewerToken}` }, ...(method === 'POST' ? { payload: {} } : {}) });
      expect({ route: `${method} ${path}`, refused: res.statusCode === 403 }).toEqual({ route: `${method} ${path}`, refused: op['x-hub-role'] === 'operator' });
    }
  });

  it('describes inputs with the schemas the handlers parse', () => {
    const events = document.paths['/api/events']?.get;
    const status = events?.parameters?.find((p) => p.name === 'status');
    expect(status).toMatchObject({ in: 'query', required: false, schema: { enum: ['queued', 'processing', 'processed', 'quarantined', 'failed', 'dead_lettered'] } });
    const replay = document.paths['/api/replay']?.post;
    expect(replay?.requestBody?.required).toBe(true);
    expect(replay?.requestBody?.content['application/json'].schema.required).toEqual(['reason']);
    // A body the route reads as `body ?? {}` is optional.
    expect(document.paths['/api/alerts/{id}/mute']?.post?.requestBody?.required).toBe(false);
    expect(document.paths['/api/events/{eventId}']?.get?.parameters).toMatchObject([{ name: 'eventId', in: 'path', required: true, schema: { type: 'string' } }]);
  });

  it('docs/console.md lists every route of the document, and no route that is gone', async () => {
    const text = await readFile(new URL('../docs/console.md', import.meta.url), 'utf8');
    const listed = new Set([...text.matchAll(/`(GET|POST) (\/api\/[^`?\s[]*)/g)].map(([, method, path]) => `${method} ${path?.replace(/:(\w+)/g, '{$1}')}`));
    const documented = operations().map(({ method, path }) => `${method} ${path}`);
    expect(documented.filter((route) => !listed.has(route))).toEqual([]);
    expect([...listed].filter((route) => !documented.includes(route))).toEqual([]);
  });
});
