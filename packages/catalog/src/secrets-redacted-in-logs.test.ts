// Catalog-wide rather than in each connector's suite: the logger is one for the whole hub
// (@hub/core, which the SDK must not depend on), while what varies per connector is its auth
// declaration: the credential fields and the header or query parameter that carries them.
// Here every installed connector is checked, including ones added later, with no code per connector.
import { createLogger } from '@hub/core/logger';
import { describe, expect, it } from 'vitest';
import { findSecretLeaks, type WriteLogs } from '@hub/connector-sdk/testing';
import { discoverConnectors, hubNodeModules } from './index.js';

/** Logs each probe through the hub's logger, as `log.child(bindings).info(record, message)`, and returns the lines. */
const throughHubLogger: WriteLogs = (probes) => {
  const lines: string[] = [];
  const log = createLogger({ service: 'secrets-test', destination: { write: (line: string) => void lines.push(line) } });
  for (const probe of probes) log.child(probe.bindings).info(probe.record, probe.message);
  return lines.join('');
};

const catalog = await discoverConnectors({ searchPaths: [hubNodeModules()!] });

describe('secrets in logs', () => {
  it('covers the connectors shipped with the hub', () => {
    expect(catalog.list().map((c) => c.id)).toEqual(expect.arrayContaining(['github', 'http', 'shopify', 'stripe']));
  });

  it('writes the planted values when nothing redacts them (the check can see a leak)', async () => {
    const plain: WriteLogs = (probes) => probes.map((p) => JSON.stringify(p)).join('\n');
    expect((await findSecretLeaks(catalog.get('stripe')!, plain)).length).toBeGreaterThan(0);
  });

  for (const connector of catalog.list()) {
    it(`never writes a ${connector.id} credential, wherever it sits in a log record or child binding`, async () => {
      expect(await findSecretLeaks(connector, throughHubLogger)).toEqual([]);
    });
  }
});
