import { describe, expect, it } from 'vitest';
import { isHubError } from '../hub-error.js';
import { buildScheme } from './build-scheme.js';
import { parseConnectorDeclaration } from './parse-connector-declaration.js';

const withScheme = (scheme: string) => `
id: mailer
version: 1.0.0
name: Mailer
webhook:
  scheme: ${scheme}
  eventId: { from: header, name: svix-id }
  eventType: { from: body, path: type }
`;
const load = (text: string) => parseConnectorDeclaration(text, { file: 'mailer/connector.yaml', dir: '/nonexistent' });

describe('buildScheme: standardWebhooks header names', () => {
  it('reads webhook-* by default and svix-* with headerPrefix: svix', () => {
    expect(buildScheme('standardWebhooks').signatureHeaders).toEqual(['webhook-signature']);
    expect(buildScheme({ type: 'standardWebhooks' }).signatureHeaders).toEqual(['webhook-signature']);
    expect(buildScheme({ type: 'standardWebhooks', headerPrefix: 'svix', toleranceSeconds: 60 })).toMatchObject({ signatureHeaders: ['svix-signature'], toleranceSeconds: 60 });
  });

  it('signs a connector.yaml declaring headerPrefix: svix under the svix-* names', async () => {
    const connector = await load(withScheme('{ type: standardWebhooks, headerPrefix: svix }'));
    const headers = connector.webhook!.scheme.sign({ rawBody: Buffer.from('{}'), secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', nowMs: 1_700_000_000_000 });
    expect(Object.keys(headers).sort()).toEqual(['svix-id', 'svix-signature', 'svix-timestamp']);
  });

  it('refuses another prefix at its line in connector.yaml', async () => {
    let caught: unknown;
    try {
      await load(withScheme('{ type: standardWebhooks, headerPrefix: x-svix }'));
    } catch (err) {
      caught = err;
    }
    expect(isHubError(caught) && caught.code).toBe('HUB_CONNECTOR_DECLARATION_INVALID');
    expect((caught as Error).message).toMatch(/^mailer\/connector\.yaml:6:\d+ webhook\.scheme/);
  });
});

describe('buildScheme: replay protection', () => {
  it('is timestamp for schemes that sign a timestamp and body-digest for those that do not', () => {
    const hmac = { type: 'hmac', header: 'x-sig', algorithm: 'sha256', encoding: 'hex', prefix: '', signedContent: '{body}', timestampFormat: 'unix' } as const;
    expect(buildScheme('stripe').replayProtection).toBe('timestamp');
    expect(buildScheme('standardWebhooks').replayProtection).toBe('timestamp');
    expect(buildScheme('github').replayProtection).toBe('body-digest');
    expect(buildScheme('shopify').replayProtection).toBe('body-digest');
    expect(buildScheme(hmac).replayProtection).toBe('body-digest');
    expect(buildScheme({ ...hmac, signedContent: '{timestamp}.{body}', timestampHeader: 'x-ts' })).toMatchObject({ replayProtection: 'timestamp', toleranceSeconds: 300 });
  });
});
