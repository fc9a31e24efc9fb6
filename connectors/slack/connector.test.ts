import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { describeConnector } from '@hub/connector-sdk/testing';
import { parseCanonical } from '@hub/models';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const connector = await loadConnectorDeclaration(`${packageDir}connector.yaml`);

describeConnector(connector, { simulator: () => startCatalogSimulator(loadSimulatorEntry(packageDir)) });

/** The fixture of an event, parsed by the adapter version's schema and mapped, as the worker does it. */
async function canonical(eventType: string) {
  const adapter = connector.adapters![eventType]!;
  const [version] = Object.values(adapter.versions);
  const payload = version!.schema.parse(connector.fixtures[eventType]);
  return parseCanonical(adapter.model, await version!.toCanonical(payload));
}

describe('slack canonical adapters', () => {
  it('maps an app_mention to a Message in its channel, sent at the event ts', async () => {
    expect(await canonical('app_mention')).toEqual({
      ok: true,
      model: 'Message',
      value: {
        source: { connector: 'slack', id: 'C123ABC456:1515449522.000016' },
        channel: 'C123ABC456',
        threadId: null,
        author: 'U123ABC456',
        text: 'What is the hour of the pearl, <@U0LAN0Z89>?',
        sentAt: '2018-01-08T22:12:02.000Z',
      },
    });
  });

  it('maps a channel message to a Message, keeping the thread it replies in', async () => {
    const adapter = connector.adapters!.message!;
    const version = Object.values(adapter.versions)[0]!;
    const fixture = connector.fixtures.message as { event: Record<string, unknown> };
    const reply = { ...fixture, event: { ...fixture.event, thread_ts: '1355517000.000001' } };
    expect(await canonical('message')).toMatchObject({ ok: true, value: { text: 'Live long and prospect.', threadId: null, sentAt: '2012-12-14T20:38:43.000Z' } });
    expect(parseCanonical('Message', await version.toCanonical(version.schema.parse(reply)))).toMatchObject({ ok: true, value: { threadId: '1355517000.000001' } });
  });
});
