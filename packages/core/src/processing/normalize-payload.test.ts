import { compileJsonata, defineConnector, githubScheme, type EventAdapter } from '@hub/connector-sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { adapterFor, normalizePayload } from './normalize-payload.js';

const V2 = z.object({ version: z.literal(2), ticket: z.object({ id: z.number(), subject: z.string() }) });
const V1 = z.object({ id: z.number(), title: z.string() });
const at = '2024-08-22T14:10:02Z';
const issue = (id: number, title: string) => ({ source: { connector: 'acme', id: String(id) }, key: String(id), title, body: null, status: 'open', author: null, labels: [], url: null, createdAt: at, updatedAt: at });

function acme(adapter: EventAdapter, apiVersion?: { from: 'header'; name: string }) {
  return defineConnector({
    id: 'acme',
    version: '0.1.0',
    name: 'Acme',
    webhook: { scheme: githubScheme(), eventId: { from: 'header', name: 'x-id' }, eventType: { from: 'header', name: 'x-event' } },
    events: { 'ticket.created': z.unknown() },
    fixtures: { 'ticket.created': {} },
    actions: {},
    adapters: { 'ticket.created': adapter },
    ...(apiVersion ? { apiVersion } : {}),
  });
}

const adapter: EventAdapter = {
  model: 'Issue',
  versions: {
    v2: { schema: V2, toCanonical: (p) => issue((p as z.infer<typeof V2>).ticket.id, (p as z.infer<typeof V2>).ticket.subject) },
    v1: { schema: V1, toCanonical: async (p) => issue((p as z.infer<typeof V1>).id, (p as z.infer<typeof V1>).title) },
  },
};

describe('normalizePayload', () => {
  it('without apiVersion, uses the first version whose schema parses (newest first)', async () => {
    const connector = acme(adapter);
    expect(await normalizePayload(connector, adapter, { version: 2, ticket: { id: 7, subject: 'a' } }, {})).toMatchObject({ ok: true, version: 'v2', value: { key: '7' } });
    expect(await normalizePayload(connector, adapter, { id: 8, title: 'b' }, {})).toMatchObject({ ok: true, version: 'v1', value: { key: '8' } });
  });

  it('quarantines a payload no version parses, naming every version tried', async () => {
    const result = await normalizePayload(acme(adapter), adapter, { nothing: true }, {});
    expect(result).toMatchObject({ ok: false, code: 'HUB_PAYLOAD_VERSION_UNKNOWN', tried: ['v2', 'v1'] });
    expect(result.ok ? '' : result.reason).toContain('tried v2, v1');
  });

  it('with apiVersion, takes the version the payload names, and refuses one it does not know', async () => {
    const connector = acme(adapter, { from: 'header', name: 'x-api-version' });
    expect(await normalizePayload(connector, adapter, { id: 8, title: 'b' }, { 'x-api-version': 'v1' })).toMatchObject({ ok: true, version: 'v1' });
    expect(await normalizePayload(connector, adapter, { id: 8, title: 'b' }, { 'x-api-version': 'v3' })).toMatchObject({ ok: false, code: 'HUB_PAYLOAD_VERSION_UNKNOWN', tried: [] });
    // Named v2 but shaped like v1: not silently mapped with v1.
    expect(await normalizePayload(connector, adapter, { id: 8, title: 'b' }, { 'x-api-version': 'v2' })).toMatchObject({ ok: false, code: 'HUB_PAYLOAD_INVALID', tried: ['v2'] });
  });

  it('refuses a mapping that throws or produces an invalid model, and never returns a half-mapped value', async () => {
    const throwing: EventAdapter = { model: 'Issue', versions: { v1: { schema: V1, toCanonical: () => JSON.parse('{') } } };
    expect(await normalizePayload(acme(throwing), throwing, { id: 1, title: 'x' }, {})).toMatchObject({ ok: false, code: 'HUB_CANONICAL_INVALID', tried: ['v1'] });
    const invalid: EventAdapter = { model: 'Issue', versions: { v1: { schema: V1, toCanonical: () => ({ ...issue(1, 'x'), status: 'wontfix' }) } } };
    const result = await normalizePayload(acme(invalid), invalid, { id: 1, title: 'x' }, {});
    expect(result).toMatchObject({ ok: false, code: 'HUB_CANONICAL_INVALID' });
    expect(result).not.toHaveProperty('value');
    const unknownModel: EventAdapter = { model: 'Invoice', versions: { v1: { schema: V1, toCanonical: () => ({}) } } };
    expect(await normalizePayload(acme(unknownModel), unknownModel, { id: 1, title: 'x' }, {})).toMatchObject({ ok: false, code: 'HUB_CANONICAL_INVALID' });
  });

  it('finds no adapter for an event type inherited from Object', () => {
    expect(adapterFor(acme(adapter), 'constructor')).toBeUndefined();
    expect(adapterFor(acme(adapter), 'ticket.created')).toBe(adapter);
  });
});

/** A declared mapping (connector.yaml `canonical.versions.<v>.map`), evaluated as the loader wires it. */
function mapped(source: string): EventAdapter {
  const compiled = compileJsonata(source);
  if (!compiled.ok) throw new Error(compiled.message);
  return { model: 'Issue', versions: { v1: { schema: z.unknown(), toCanonical: (payload) => compiled.expression.evaluate(payload) } } };
}

describe('normalizePayload with a declared mapping at a JSONata limit', () => {
  it("quarantines with the limit's code (HUB_JSONATA_RESOURCE_LIMIT), not HUB_CANONICAL_INVALID", async () => {
    const padded = mapped('{ "title": $pad("", 50000000) }');
    expect(await normalizePayload(acme(padded), padded, {}, {})).toMatchObject({ ok: false, code: 'HUB_JSONATA_RESOURCE_LIMIT', class: 'data_format', tried: ['v1'] });
  });

  it('a mapping that merely throws is still HUB_CANONICAL_INVALID', async () => {
    const throwing = mapped('{ "title": title + 1 }');
    expect(await normalizePayload(acme(throwing), throwing, { title: 'a' }, {})).toMatchObject({ ok: false, code: 'HUB_CANONICAL_INVALID' });
  });
});
