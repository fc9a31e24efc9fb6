import { describe, expect, it } from 'vitest';
import { defineConnector, type ConnectorDefinition } from './define-connector.js';
import { ConnectorDefinitionError } from './errors.js';
import { githubScheme } from './schemes/github-scheme.js';

const withWebhook: ConnectorDefinition = {
  id: 'tracker',
  version: '1.0.0',
  name: 'Tracker',
  webhook: { scheme: githubScheme(), eventId: { from: 'header', name: 'x-delivery' }, eventType: { from: 'header', name: 'x-event' } },
  events: {},
  fixtures: {},
  actions: {},
};

/** The message defineConnector refuses `definition` with. */
function refusal(definition: ConnectorDefinition): string {
  try {
    defineConnector(definition);
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorDefinitionError);
    expect((err as ConnectorDefinitionError).code).toBe('HUB_CONNECTOR_DEFINITION_INVALID');
    return (err as Error).message;
  }
  throw new Error('the definition was accepted');
}

describe('defineConnector: concurrency', () => {
  it('keeps a declared concurrency', () => {
    expect(defineConnector({ ...withWebhook, concurrency: 3 }).concurrency).toBe(3);
  });

  it.each([
    [0, 'at least 1'],
    [501, 'at most 500 handlers per process'],
    [1.5, 'a whole number of handlers from 1 to 500'],
  ])('refuses concurrency %s, saying what it takes', (concurrency, says) => {
    expect(refusal({ ...withWebhook, concurrency })).toContain(says);
  });

  it('refuses a concurrency on a connector without a webhook', () => {
    const { webhook: _none, ...outboundOnly } = withWebhook;
    expect(refusal({ ...outboundOnly, concurrency: 2 })).toContain('tracker has no webhook: remove concurrency');
  });
});
