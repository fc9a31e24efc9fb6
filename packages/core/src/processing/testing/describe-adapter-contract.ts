import type { Connector } from '@hub/connector-sdk';
import { parseCanonical } from '@hub/models';
import { describe, expect, it } from 'vitest';
import { adapterFor, normalizePayload } from '../normalize-payload.js';

/** Sample payloads per adapted event type and version: `{ 'payment_intent.succeeded': { '2024-06-20': {...} } }`. */
export type AdapterSamples = Record<string, Record<string, unknown>>;

function withValueAt(payload: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(payload) as Record<string, unknown>;
  const segments = path.split('.');
  const last = segments.pop() as string;
  let node = copy;
  for (const s of segments) node = node[s] as Record<string, unknown>;
  node[last] = value;
  return copy;
}

/**
 * The adapter half of the connector contract: every adapter version maps its sample to a valid
 * canonical model, the connector's fixture maps too, and a version the adapter does not know
 * is refused (HUB_PAYLOAD_VERSION_UNKNOWN). Imports vitest: tests import it by relative path.
 */
export function describeAdapterContract(connector: Connector, samples: AdapterSamples): void {
  describe(`${connector.id} adapters (contract)`, () => {
    for (const [eventType, adapter] of Object.entries(connector.adapters ?? {})) {
      it(`${eventType}: has a sample for every version`, () => {
        expect(Object.keys(samples[eventType] ?? {}).sort()).toEqual(Object.keys(adapter.versions).sort());
      });

      for (const version of Object.keys(adapter.versions)) {
        it(`${eventType} ${version}: maps its sample to a valid ${adapter.model}, choosing that version`, async () => {
          const result = await normalizePayload(connector, adapter, samples[eventType]?.[version], {});
          expect(result).toMatchObject({ ok: true, model: adapter.model, version });
          expect(parseCanonical(adapter.model, result.ok ? result.value : undefined).ok).toBe(true);
        });
      }

      it(`${eventType}: maps the connector's fixture`, async () => {
        expect(adapterFor(connector, eventType)).toBe(adapter);
        expect(await normalizePayload(connector, adapter, connector.fixtures[eventType], {})).toMatchObject({ ok: true });
      });

      it(`${eventType}: refuses a version it does not know, naming the versions it knows`, async () => {
        const sample = Object.values(samples[eventType] ?? {})[0] ?? connector.fixtures[eventType];
        const source = connector.apiVersion;
        const result =
          source === undefined
            ? await normalizePayload(connector, adapter, { unexpected: true }, {})
            : source.from === 'body'
              ? await normalizePayload(connector, adapter, withValueAt(sample, source.path, '1999-01-01'), {})
              : await normalizePayload(connector, adapter, sample, { [source.name]: '1999-01-01' });
        expect(result).toMatchObject({ ok: false, code: 'HUB_PAYLOAD_VERSION_UNKNOWN', class: 'data_format' });
        for (const known of Object.keys(adapter.versions)) expect(result.ok ? '' : result.reason).toContain(known);
      });
    }
  });
}
