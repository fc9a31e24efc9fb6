import { compileJsonata, defineConnector, githubScheme, type EventAdapter } from '@hub/connector-sdk';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { normalizePayload } from './normalize-payload.js';

/** A declared mapping (connector.yaml `canonical.versions.<v>.map`), evaluated as the loader wires it. */
function mapped(source: string): EventAdapter {
  const compiled = compileJsonata(source);
  if (!compiled.ok) throw new Error(compiled.message);
  return { model: 'Issue', versions: { v1: { schema: z.unknown(), toCanonical: (payload) => compiled.expression.evaluate(payload) } } };
}

function acme(adapter: EventAdapter) {
  return defineConnector({
    id: 'acme',
    version: '0.1.0',
    name: 'Acme',
    webhook: { scheme: githubScheme(), eventId: { from: 'header', name: 'x-id' }, eventType: { from: 'header', name: 'x-event' } },
    events: { 'ticket.created': z.unknown() },
    fixtures: { 'ticket.created': {} },
    actions: {},
    adapters: { 'ticket.created': adapter },
  });
}

describe('normalizePayload with a declared mapping at a JSONata limit', () => {
  it('quarantines with the limit\'s code (HUB_JSONATA_RESOURCE_LIMIT), not HUB_CANONICAL_INVALID', async () => {
    const adapter = mapped('{ "title": $pad("", 50000000) }');
    expect(await normalizePayload(acme(adapter), adapter, {}, {})).toMatchObject({ ok: false, code: 'HUB_JSONATA_RESOURCE_LIMIT', class: 'data_format', tried: ['v1'] });
  });

  it('a mapping that merely throws is still HUB_CANONICAL_INVALID', async () => {
    const adapter = mapped('{ "title": title + 1 }');
    expect(await normalizePayload(acme(adapter), adapter, { title: 'a' }, {})).toMatchObject({ ok: false, code: 'HUB_CANONICAL_INVALID' });
  });
});
