import { defineConnector, stripeScheme } from '@hub/connector-sdk';
import { ChargeRefunded } from './events/charge-refunded.js';
import { CustomerCreated } from './events/customer-created.js';
import { PaymentIntentPaymentFailed } from './events/payment-intent-payment-failed.js';
import { PaymentIntentSucceeded } from './events/payment-intent-succeeded.js';
import { chargeRefunded } from './fixtures/charge-refunded.js';
import { customerCreated } from './fixtures/customer-created.js';
import { paymentIntentPaymentFailed } from './fixtures/payment-intent-payment-failed.js';
import { paymentIntentSucceeded } from './fixtures/payment-intent-succeeded.js';

export const stripe = defineConnector({
  id: 'stripe',
  version: '0.1.0',
  name: 'Stripe',
  webhook: {
    scheme: stripeScheme(),
    eventId: { from: 'body', path: 'id' },
    eventType: { from: 'body', path: 'type' },
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
  actions: {},
  // Live mode: 100 read + 100 write operations per second.
  rateLimit: { points: 100, durationMs: 1_000 },
});

export default stripe;

export { ChargeRefunded, CustomerCreated, PaymentIntentPaymentFailed, PaymentIntentSucceeded };
