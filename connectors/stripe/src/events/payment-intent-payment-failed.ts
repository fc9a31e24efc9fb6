import type { z } from 'zod';
import { LastPaymentError, PaymentIntent } from '../objects/payment-intent.js';
import { stripeEvent } from '../objects/stripe-event.js';

/** `payment_intent.payment_failed`: an attempt failed; `last_payment_error` says why. */
export const PaymentIntentPaymentFailed = stripeEvent(
  'payment_intent.payment_failed',
  PaymentIntent.extend({ last_payment_error: LastPaymentError }),
);
export type PaymentIntentPaymentFailed = z.infer<typeof PaymentIntentPaymentFailed>;
