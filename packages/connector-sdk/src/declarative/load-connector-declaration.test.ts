import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildTestDelivery } from '../build-test-delivery.js';
import { describeConnectorContract } from '../testing/describe-connector-contract.js';
import { loadConnectorDeclaration } from './load-connector-declaration.js';

const ACME = fileURLToPath(new URL('./__fixtures__/acme/connector.yaml', import.meta.url));
const acme = await loadConnectorDeclaration(ACME);

describe('loadConnectorDeclaration (the acme example)', () => {
  it('turns the YAML into a connector with its events, fixtures, YAML actions and hook actions', () => {
    expect(acme.id).toBe('acme');
    expect(acme.version).toBe('1.2.0');
    expect(acme.secretEnvName).toBe('ACME_WEBHOOK_SECRET');
    expect(Object.keys(acme.events).sort()).toEqual(['contact.created', 'invoice.paid']);
    expect(Object.keys(acme.actions).sort()).toEqual(['create_charge', 'create_contact', 'get_contact', 'list_contacts', 'list_events', 'list_invoices', 'merge_contacts']);
    expect(acme.actions.get_contact!.idempotent).toBe(true);
    expect(acme.actions.create_contact!.idempotent).toBe(false);
  });

  it('passes auth, baseUrls, apiVersion and the resilience policies through, with header names lower-cased', () => {
    expect(acme.auth).toEqual({ type: 'bearer' });
    expect(acme.baseUrls).toEqual({ production: 'https://{account}.acme.example', sandbox: 'https://sandbox.acme.example' });
    expect(acme.apiVersion).toEqual({ from: 'body', path: 'api_version' });
    expect(acme.rateLimit).toEqual({ points: 100, durationMs: 10_000, scope: 'account' });
    expect(acme.breaker).toEqual({ errorThresholdPercentage: 50, volumeThreshold: 10, rollingCountTimeout: 10_000, resetTimeout: 30_000 });
    expect(acme.retry).toEqual({ retries: 5, minTimeout: 1000, maxTimeout: 60_000, factor: 2 });
    expect(acme.webhook?.scheme.name).toBe('hmac');
    expect(acme.webhook?.scheme.signatureHeaders).toEqual(['x-acme-signature']);
  });

  it('signs test deliveries with the declared hmac scheme (v1:{timestamp}:{body}, v1= prefix)', () => {
    const delivery = buildTestDelivery(acme, 'invoice.paid', { secret: 's3cret', nowMs: 1_700_000_000_000 });
    expect(delivery.headers['x-acme-timestamp']).toBe('1700000000');
    expect(delivery.headers['x-acme-signature']).toMatch(/^v1=[0-9a-f]{64}$/);
  });

  it('validates payloads with the converted JSON Schemas: formats, integers, enums, nullable objects', () => {
    const contact = acme.events['contact.created']!;
    const fixture = acme.fixtures['contact.created'] as { data: { contact: Record<string, unknown> } };
    const withContact = (over: Record<string, unknown>) => ({ ...fixture, data: { contact: { ...fixture.data.contact, ...over } } });
    expect(contact.safeParse(withContact({ company: null })).success).toBe(true);
    expect(contact.safeParse(withContact({ email: 'not-an-email' })).success).toBe(false);
    expect(contact.safeParse(withContact({ company: { name: 'x', size: 1.5 } })).success).toBe(false);
    expect(contact.safeParse({ ...fixture, created_at: 'yesterday' }).success).toBe(false);
    const invoice = acme.fixtures['invoice.paid'] as { data: { invoice: Record<string, unknown> } };
    expect(acme.events['invoice.paid']!.safeParse({ ...invoice, data: { invoice: { ...invoice.data.invoice, currency: 'yen' } } }).success).toBe(false);
  });

  it('maps a payload to the canonical model with the JSONata of its version', async () => {
    const adapter = acme.adapters?.['contact.created'];
    expect(adapter?.model).toBe('Contact');
    expect(Object.keys(adapter!.versions)).toEqual(['2024-06']);
    const version = adapter!.versions['2024-06']!;
    expect(version.schema).toBe(acme.events['contact.created']);
    expect(await version.toCanonical(acme.fixtures['contact.created'])).toEqual({
      id: 'ct_42',
      email: 'ada@example.com',
      name: 'Ada Lovelace',
      company: 'Analytical Engines',
    });
  });
});

describeConnectorContract(acme);
