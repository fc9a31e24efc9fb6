import { z } from 'zod';
import { PaymentIntent } from '../objects/payment-intent.js';
import { stripeEvent } from '../objects/stripe-event.js';

/** `payment_intent.succeeded`: the payment completed; `amount_received` is what was collected. */
export const PaymentIntentSucceeded = stripeEvent('payment_intent.succeeded', PaymentIntent.extend({ status: z.literal('succeeded') }));
export type PaymentIntentSucceeded = z.infer<typeof PaymentIntentSucceeded>;
