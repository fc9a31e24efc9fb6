import Stripe from 'stripe';
import { buildTestDelivery, formEncode } from '@hub/connector-sdk';
import { describe, expect, it } from 'vitest';
import { loadSimulatorEntry, parseFormBody, startCatalogSimulator } from '@hub/simulators';
import { describeConnector } from '@hub/connector-sdk/testing';
import stripeDefault, { ChargeRefunded, PaymentIntentPaymentFailed, PaymentIntentSucceeded, stripe } from './index.js';

describeConnector(stripe, { simulator: () => startCatalogSimulator(loadSimulatorEntry(new URL('..', import.meta.url))) });

const NOW_MS = 1_724_420_000_000;
const SECRET = 'whsec_test_endpoint_secret';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are mutated freely to build invalid payloads
type Json = Record<string, any>;
const clone = <T>(value: T): T & Json => structuredClone(value) as T & Json;
const fixture = (type: keyof typeof stripe.fixtures): Json => clone(stripe.fixtures[type]);

describe('stripe connector', () => {
  it('is the default export as well as the named one', () => {
    expect(stripeDefault).toBe(stripe);
    expect(stripe.secretEnvName).toBe('STRIPE_WEBHOOK_SECRET');
  });

  it('rejects an upper-case currency', () => {
    const event = fixture('payment_intent.succeeded');
    event.data.object.currency = 'USD';
    expect(PaymentIntentSucceeded.safeParse(event).success).toBe(false);
  });

  it('rejects a negative or fractional amount', () => {
    const negative = fixture('payment_intent.succeeded');
    negative.data.object.amount = -1;
    const fractional = fixture('payment_intent.succeeded');
    fractional.data.object.amount = 19.99;
    expect(PaymentIntentSucceeded.safeParse(negative).success).toBe(false);
    expect(PaymentIntentSucceeded.safeParse(fractional).success).toBe(false);
  });

  it('rejects a payload whose type does not match the event it is parsed as', () => {
    expect(PaymentIntentSucceeded.safeParse(fixture('payment_intent.payment_failed')).success).toBe(false);
  });

  it('rejects a succeeded event whose payment intent is not succeeded', () => {
    const event = fixture('payment_intent.succeeded');
    event.data.object.status = 'processing';
    expect(PaymentIntentSucceeded.safeParse(event).success).toBe(false);
  });

  it('requires the error of a failed payment', () => {
    const event = fixture('payment_intent.payment_failed');
    event.data.object.last_payment_error = null;
    expect(PaymentIntentPaymentFailed.safeParse(event).success).toBe(false);
  });

  it('rejects a charge.refunded event with nothing refunded', () => {
    const event = fixture('charge.refunded');
    event.data.object.amount_refunded = 0;
    expect(ChargeRefunded.safeParse(event).success).toBe(false);
  });

  it('keeps fields it does not declare (loose objects)', () => {
    const parsed = PaymentIntentSucceeded.parse(fixture('payment_intent.succeeded')) as Json;
    expect(parsed.data.object.payment_method_options).toBeDefined();
    expect(parsed.data.object.amount_details).toEqual({ tip: {} });
  });

  it("builds deliveries that Stripe's own constructEvent accepts", () => {
    const delivery = buildTestDelivery(stripe, 'charge.refunded', { secret: SECRET, nowMs: NOW_MS });
    const event = new Stripe('sk_test_x').webhooks.constructEvent(delivery.body, delivery.headers['stripe-signature']!, SECRET, 300, undefined, NOW_MS);
    expect(event.id).toBe(delivery.providerEventId);
    expect(event.type).toBe('charge.refunded');
  });

  it('form-encodes refund parameters so that Stripe-style parsing gives them back', () => {
    const params = { charge: 'ch_1', amount: 500, metadata: { order_id: '6735', 'a b': 'c&d' }, expand: ['charge'], skipped: undefined };
    expect(formEncode(params)).toBe('charge=ch_1&amount=500&metadata%5Border_id%5D=6735&metadata%5Ba+b%5D=c%26d&expand%5B0%5D=charge');
    expect(parseFormBody(formEncode(params))).toEqual({ charge: 'ch_1', amount: '500', metadata: { order_id: '6735', 'a b': 'c&d' }, expand: ['charge'] });
  });

  it('refunds exactly one of a charge or a PaymentIntent', () => {
    const { input } = stripe.actions.create_refund;
    expect(input.safeParse({ charge: 'ch_1' }).success).toBe(true);
    expect(input.safeParse({ payment_intent: 'pi_1', amount: 100 }).success).toBe(true);
    expect(input.safeParse({}).success).toBe(false);
    expect(input.safeParse({ charge: 'ch_1', payment_intent: 'pi_1' }).success).toBe(false);
  });

  it('refuses to refund without a base URL instead of calling a relative URL', async () => {
    const ctx = { idempotencyKey: 'k', http: { request: () => Promise.reject(new Error('must not be called')) } };
    await expect(stripe.actions.create_refund.run(ctx, { charge: 'ch_1' })).rejects.toMatchObject({ code: 'HUB_CONNECTOR_BASE_URL_MISSING' });
  });
});
