import { fileURLToPath } from 'node:url';
import { loadConnectorDeclaration } from '@hub/connector-sdk';
import { describeConnector } from '@hub/connector-sdk/testing';
import { normalizeFixture } from '@hub/core/processing';
import { loadSimulatorEntry, startCatalogSimulator } from '@hub/simulators';
import { describe, expect, it } from 'vitest';

const packageDir = fileURLToPath(new URL('.', import.meta.url));
const connector = await loadConnectorDeclaration(`${packageDir}connector.yaml`);

describeConnector(connector, { simulator: () => startCatalogSimulator(loadSimulatorEntry(packageDir)) });

/** The fixture of an event (or a variant of it), normalised by the worker's own function. */
const canonical = (eventType: string, payload?: unknown) => normalizeFixture(connector, eventType, payload);
describe('intercom canonical adapters', () => {
  it('maps contact.user.created to a Contact, splitting the name at its first space', async () => {
    expect(await canonical('contact.user.created')).toEqual({
      ok: true,
      model: 'Contact',
      version: expect.any(String),
      value: {
        source: { connector: 'intercom', id: '5ff3f4a1c1a9b2a43c0c4b2f' },
        email: 'joe@example.com',
        firstName: 'Joe',
        lastName: 'Bloggs',
        phone: '+353871234567',
        company: null,
        createdAt: '2021-01-05T05:09:53.000Z',
      },
    });
  });

  it('maps conversation.user.created to the Message that opened the conversation', async () => {
    expect(await canonical('conversation.user.created')).toEqual({
      ok: true,
      model: 'Message',
      version: expect.any(String),
      value: {
        source: { connector: 'intercom', id: '403918330' },
        channel: '147',
        threadId: '147',
        author: 'joe@example.com',
        text: '<p>Hi, where is my order?</p>',
        sentAt: '2021-01-05T05:11:40.000Z',
      },
    });
  });
});
