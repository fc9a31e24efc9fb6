import { defineConnector, stripeScheme } from '@hub/connector-sdk';
import { createRefund } from './actions/create-refund.js';
import { ChargeRefunded } from './events/charge-refunded.js';
import { CustomerCreated } from './events/customer-created.js';
import { PaymentIntentPaymentFailed } from './events/payment-intent-payment-failed.js';
import { PaymentIntentSucceeded } from './events/payment-intent-succeeded.js';
import { chargeRefunded } from './fixtures/charge-refunded.js';
import { customerCreated } from './fixtures/customer-created.js';
import { paymentIntentPaymentFailed } from './fixtures/payment-intent-payment-failed.js';
import { paymentIntentSucceeded } from './fixtures/payment-intent-succeeded.js';
import { customerCreatedToCustomer } from './adapters/customer-to-customer.js';
import { paymentIntentSucceededToPayment } from './adapters/payment-intent-to-payment.js';

export const stripe = defineConnector({
  id: 'stripe',
  version: '0.1.0',
  name: 'Stripe',
  webhook: {
    scheme: stripeScheme(),
    eventId: { from: 'body', path: 'id' },
    eventType: { from: 'body', path: 'type' },
    // The object's id (pi_…, ch_…, cus_…), its customer and the e-mail addresses an operator is asked about.
    searchable: ['data.object.id', 'data.object.customer', 'data.object.email', 'data.object.receipt_email', 'data.object.billing_details.email'],
  },
  events: {
    'payment_intent.succeeded': PaymentIntentSucceeded,
    'payment_intent.payment_failed': PaymentIntentPaymentFailed,
    'charge.refunded': ChargeRefunded,
    'customer.created': CustomerCreated,
  },
  fixtures: {
    'payment_intent.succeeded': paymentIntentSucceeded,
    'payment_intent.payment_failed': paymentIntentPaymentFailed,
    'charge.refunded': chargeRefunded,
    'customer.created': customerCreated,
  },
  actions: { create_refund: createRefund },
  baseUrls: { production: 'https://api.stripe.com' },
  // The secret key goes as `Authorization: Bearer sk_…`.
  auth: { type: 'bearer' },
  // Each webhook is rendered in its endpoint's API version and names it.
  apiVersion: { from: 'body', path: 'api_version' },
  adapters: {
    'payment_intent.succeeded': paymentIntentSucceededToPayment,
    'customer.created': customerCreatedToCustomer,
  },
  // Live mode: 100 read + 100 write operations per second.
  rateLimit: { points: 100, durationMs: 1_000 },
});

export default stripe;

export { ChargeRefunded, CustomerCreated, PaymentIntentPaymentFailed, PaymentIntentSucceeded };
export { CreateRefundInput } from './actions/create-refund.js';
export { Refund } from './objects/refund.js';
