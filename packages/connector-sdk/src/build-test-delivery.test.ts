import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildTestDelivery } from './build-test-delivery.js';
import { defineConnector } from './define-connector.js';
import { isHubError } from './hub-error.js';
import { readValue } from './read-value.js';
import { githubScheme } from './schemes/github-scheme.js';
import { standardWebhooksScheme } from './schemes/standard-webhooks-scheme.js';
import { stripeScheme } from './schemes/stripe-scheme.js';

const NOW_MS = 1_700_000_000_000;
const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
const Paid = z.object({ id: z.string(), type: z.literal('invoice.paid'), data: z.object({ amount: z.number() }) });

const bodyIds = defineConnector({
  id: 'body-ids',
  version: '1.0.0',
  name: 'Body ids',
  webhook: { scheme: stripeScheme(), eventId: { from: 'body', path: 'id' }, eventType: { from: 'body', path: 'type' } },
  events: { 'invoice.paid': Paid },
  fixtures: { 'invoice.paid': { id: 'evt_fixture', type: 'invoice.paid', data: { amount: 100 } } },
  actions: {},
});

const headerIds = defineConnector({
  id: 'header-ids',
  version: '1.0.0',
  name: 'Header ids',
  webhook: { scheme: githubScheme(), eventId: { from: 'header', name: 'X-Delivery' }, eventType: { from: 'header', name: 'x-event' } },
  events: { ping: z.object({ zen: z.string() }) },
  fixtures: { ping: { zen: 'Keep it logically awesome.' } },
  actions: {},
});

const nested = defineConnector({
  id: 'nested',
  version: '1.0.0',
  name: 'Nested numeric ids',
  webhook: { scheme: standardWebhooksScheme(), eventId: { from: 'body', path: 'data.id' }, eventType: { from: 'header', name: 'x-topic' } },
  events: { 'thing/created': z.object({ data: z.object({ id: z.number().int() }) }) },
  fixtures: { 'thing/created': { data: { id: 42 } } },
  actions: {},
});

const outboundOnly = defineConnector({ id: 'outbound', version: '1.0.0', name: 'Outbound', events: {}, fixtures: {}, actions: {} });

const codeOf = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (err) {
    return isHubError(err) ? err.code : 'not a HubError';
  }
  return undefined;
};

describe('buildTestDelivery', () => {
  it('puts a fresh id with the fixture’s prefix into the body and signs the exact bytes', () => {
    const delivery = buildTestDelivery(bodyIds, 'invoice.paid', { secret: SECRET, nowMs: NOW_MS });
    const payload: unknown = JSON.parse(delivery.body.toString());
    expect(delivery.providerEventId).toMatch(/^evt_[0-9a-f]{24}$/);
    expect(readValue(bodyIds.webhook.eventId, delivery.headers, payload)).toBe(delivery.providerEventId);
    expect(readValue(bodyIds.webhook.eventType, delivery.headers, payload)).toBe('invoice.paid');
    expect(Paid.safeParse(payload).success).toBe(true);
    expect(bodyIds.webhook.scheme.verify({ rawBody: delivery.body, headers: delivery.headers, secrets: [SECRET], nowMs: NOW_MS })).toEqual({ ok: true });
  });

  it('gives every delivery a different provider event id and leaves the fixture untouched', () => {
    const a = buildTestDelivery(bodyIds, 'invoice.paid', { secret: SECRET, nowMs: NOW_MS });
    const b = buildTestDelivery(bodyIds, 'invoice.paid', { secret: SECRET, nowMs: NOW_MS });
    expect(a.providerEventId).not.toBe(b.providerEventId);
    expect((bodyIds.fixtures['invoice.paid'] as { id: string }).id).toBe('evt_fixture');
  });

  it('uses the given deliveryId as the provider event id', () => {
    const delivery = buildTestDelivery(bodyIds, 'invoice.paid', { secret: SECRET, nowMs: NOW_MS, deliveryId: 'evt_fixed' });
    expect(delivery.providerEventId).toBe('evt_fixed');
    expect(JSON.parse(delivery.body.toString())).toMatchObject({ id: 'evt_fixed' });
  });

  it('sets the event id and event type headers, lower-cased, when the connector reads them from headers', () => {
    const delivery = buildTestDelivery(headerIds, 'ping', { secret: 's3cret', nowMs: NOW_MS });
    expect(delivery.headers['x-delivery']).toBe(delivery.providerEventId);
    expect(delivery.providerEventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(delivery.headers['x-event']).toBe('ping');
    expect(delivery.headers['content-type']).toBe('application/json');
    expect(headerIds.webhook.scheme.verify({ rawBody: delivery.body, headers: delivery.headers, secrets: ['s3cret'], nowMs: NOW_MS })).toEqual({ ok: true });
  });

  it('gives each delivery of a scheme without a signed timestamp a body of its own (the ingress dedupes on the body digest)', () => {
    const [a, b] = [0, 1].map(() => buildTestDelivery(headerIds, 'ping', { secret: 's3cret', nowMs: NOW_MS }));
    expect(a?.body.equals(b?.body as Buffer)).toBe(false);
    expect(JSON.parse(a?.body.toString() as string)).toMatchObject({ hubTestDelivery: a?.providerEventId });
  });

  it('keeps a numeric body id numeric and signs it under the same message id', () => {
    const delivery = buildTestDelivery(nested, 'thing/created', { secret: SECRET, nowMs: NOW_MS });
    const payload = JSON.parse(delivery.body.toString()) as { data: { id: unknown } };
    expect(typeof payload.data.id).toBe('number');
    expect(String(payload.data.id)).toBe(delivery.providerEventId);
    expect(delivery.headers['webhook-id']).toBe(delivery.providerEventId);
    expect(nested.webhook.scheme.verify({ rawBody: delivery.body, headers: delivery.headers, secrets: [SECRET], nowMs: NOW_MS })).toEqual({ ok: true });
  });

  it('refuses an event type the connector does not declare', () => {
    expect(codeOf(() => buildTestDelivery(bodyIds, 'invoice.voided', { secret: SECRET, nowMs: NOW_MS }))).toBe('HUB_CONNECTOR_EVENT_UNKNOWN');
    expect(codeOf(() => buildTestDelivery(bodyIds, 'toString', { secret: SECRET, nowMs: NOW_MS }))).toBe('HUB_CONNECTOR_EVENT_UNKNOWN');
  });

  it('refuses a connector that receives no webhooks', () => {
    expect(codeOf(() => buildTestDelivery(outboundOnly, 'anything', { secret: SECRET, nowMs: NOW_MS }))).toBe('HUB_CONNECTOR_NO_WEBHOOK');
  });
});
