import { mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startCatalogSimulator, type CatalogSimulator } from './catalog-simulator.js';
import { loadSimulatorEntry, SimulatorEntryError } from './catalog/load-simulator-entry.js';
import type { SimulatorEntryInput } from './catalog/simulator-entry.js';

const refundRequest = {
  type: 'object',
  required: ['charge'],
  additionalProperties: false,
  properties: {
    charge: { type: 'string', pattern: '^ch_' },
    amount: { type: 'integer', minimum: 1 },
    metadata: { type: 'object', additionalProperties: { type: 'string' } },
    expand: { type: 'array', items: { type: 'string' } },
  },
};

const entry: SimulatorEntryInput = {
  routes: [
    {
      action: 'create_refund',
      method: 'POST',
      path: '/v1/refunds',
      request: { headers: ['authorization'], bodyEncoding: 'form', body: refundRequest, idempotencyKeyHeader: 'Idempotency-Key' },
      response: { status: 200, headers: { 'content-type': 'application/json', 'request-id': 'req_1' }, body: { id: 're_1', object: 'refund' } },
    },
    {
      action: 'create_issue_comment',
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      request: { headers: { accept: 'application/vnd.github+json' }, body: { type: 'object', required: ['body'], properties: { body: { type: 'string' } } } },
      response: { status: 201, body: { id: 1 } },
    },
  ],
  notFound: { status: 404, body: { message: 'Not Found' } },
};

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(closers.splice(0).map((close) => close()));
});

async function start(input: SimulatorEntryInput = entry): Promise<CatalogSimulator> {
  const sim = await startCatalogSimulator(input);
  closers.push(sim.close);
  return sim;
}

const form = { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Bearer sk_test_x', 'idempotency-key': 'k1' };

describe('catalog simulator', () => {
  it('answers a documented request with the documented status, headers and body, and records it', async () => {
    const sim = await start();
    const res = await fetch(`${sim.url}/v1/refunds`, { method: 'POST', headers: form, body: 'charge=ch_1&amount=500&metadata[order]=6735&expand[]=charge' });
    expect(res.status).toBe(200);
    expect(res.headers.get('request-id')).toBe('req_1');
    expect(await res.json()).toEqual({ id: 're_1', object: 'refund' });
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]).toMatchObject({ action: 'create_refund', status: 200, mismatches: [], body: { charge: 'ch_1', amount: 500, metadata: { order: '6735' }, expand: ['charge'] } });
  });

  it('matches {param} segments one path segment each and ignores the query string', async () => {
    const sim = await start();
    const json = { 'content-type': 'application/json', accept: 'application/vnd.github+json' };
    const ok = await fetch(`${sim.url}/repos/octocat/hello-world/issues/1347/comments?x=1`, { method: 'POST', headers: json, body: '{"body":"hi"}' });
    const tooDeep = await fetch(`${sim.url}/repos/octocat/hello/world/issues/1347/comments`, { method: 'POST', headers: json, body: '{"body":"hi"}' });
    expect([ok.status, tooDeep.status]).toEqual([201, 404]);
  });

  it("answers the provider's 404 to an unknown path or method and records it as a mismatch", async () => {
    const sim = await start();
    const wrongPath = await fetch(`${sim.url}/v1/refundz`, { method: 'POST', headers: form, body: 'charge=ch_1' });
    const wrongMethod = await fetch(`${sim.url}/v1/refunds`, { method: 'GET' });
    expect([wrongPath.status, wrongMethod.status]).toEqual([404, 404]);
    expect(await wrongPath.json()).toEqual({ message: 'Not Found' });
    expect(sim.mismatches().map((m) => [m.in, m.field])).toEqual([
      ['route', 'POST /v1/refundz'],
      ['route', 'GET /v1/refunds'],
    ]);
  });

  it('answers 400 naming the field when a required body field is missing, mistyped or unknown', async () => {
    const sim = await start();
    const send = (body: string) => fetch(`${sim.url}/v1/refunds`, { method: 'POST', headers: form, body });
    const missing = await send('amount=500');
    const mistyped = await send('charge=ch_1&amount=five');
    const unknown = await send('charge=ch_1&amout=500');
    expect([missing.status, mistyped.status, unknown.status]).toEqual([400, 400, 400]);
    const error = ((await missing.json()) as { error: { param: string; message: string } }).error;
    expect(error.param).toBe('charge');
    expect(error.message).toContain('body charge:');
    expect(sim.mismatches().map((m) => `${m.in} ${m.field}`)).toEqual(['body charge', 'body amount', 'body amout']);
  });

  it('answers 400 when a required header is missing or the body is not in the documented encoding', async () => {
    const sim = await start();
    const noKey = await fetch(`${sim.url}/v1/refunds`, { method: 'POST', headers: { ...form, 'idempotency-key': '' }, body: 'charge=ch_1' });
    const asJson = await fetch(`${sim.url}/v1/refunds`, { method: 'POST', headers: { ...form, 'content-type': 'application/json' }, body: '{"charge":"ch_1"}' });
    expect([noKey.status, asJson.status]).toEqual([400, 400]);
    expect(sim.requests.map((r) => r.mismatches.map((m) => `${m.in} ${m.field}`))).toEqual([['header idempotency-key'], ['header content-type']]);
  });

  it('rejects a JSON body that is not JSON, naming the whole body', async () => {
    const sim = await start();
    const res = await fetch(`${sim.url}/repos/o/r/issues/1/comments`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/vnd.github+json' }, body: '{"body":' });
    expect(res.status).toBe(400);
    expect(sim.mismatches()).toMatchObject([{ in: 'body', field: '', message: 'Body is not valid JSON' }]);
  });
});

describe('catalog simulator query parameters', () => {
  it('validates the query string against its documented schema, with numbers coerced', async () => {
    const sim = await start({
      routes: [
        {
          action: 'list_refunds',
          method: 'GET',
          path: '/v1/refunds',
          request: { query: { type: 'object', additionalProperties: false, properties: { limit: { type: 'integer', minimum: 1, maximum: 100 }, charge: { type: 'string' } } } },
          response: { status: 200, body: { object: 'list', data: [] } },
        },
      ],
    });
    const ok = await fetch(`${sim.url}/v1/refunds?limit=3&charge=ch_1`);
    const tooMany = await fetch(`${sim.url}/v1/refunds?limit=500`);
    const unknown = await fetch(`${sim.url}/v1/refunds?page=2`);
    expect([ok.status, tooMany.status, unknown.status]).toEqual([200, 400, 400]);
    expect(sim.mismatches().map((m) => `${m.in} ${m.field}`)).toEqual(['query limit', 'query page']);
  });
});

describe('loadSimulatorEntry', () => {
  function packageDir(yaml: string, files: Record<string, unknown> = {}): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'sim-entry-'));
    writeFileSync(path.join(dir, 'simulator.yaml'), yaml);
    for (const [name, value] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), JSON.stringify(value));
    }
    return dir;
  }

  it('reads simulator.yaml with its request schema and response files, applying defaults', () => {
    const dir = packageDir(
      ['routes:', '  - action: create_refund', '    method: POST', '    path: /v1/refunds', '    request: { headers: [Authorization], body: schemas/req.json }', '    response: { status: 200, body: fixtures/res.json }', '    example: { charge: ch_1 }'].join('\n'),
      { 'schemas/req.json': refundRequest, 'fixtures/res.json': { id: 're_1' } },
    );
    const loaded = loadSimulatorEntry(dir);
    expect(loaded.routes[0]).toEqual({
      action: 'create_refund',
      method: 'POST',
      path: '/v1/refunds',
      request: { headers: { authorization: null }, bodyEncoding: 'json', body: refundRequest },
      response: { status: 200, headers: { 'content-type': 'application/json' }, body: { id: 're_1' } },
      example: { charge: 'ch_1' },
    });
  });

  it('reports a malformed entry with the file and the failing field', () => {
    const dir = packageDir('routes:\n  - action: x\n    method: FETCH\n    path: /x\n    response: { status: 200 }\n');
    expect(() => loadSimulatorEntry(dir)).toThrow(SimulatorEntryError);
    expect(() => loadSimulatorEntry(dir)).toThrow(/routes\[0\]\.method/);
  });
});
