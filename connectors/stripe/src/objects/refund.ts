import { z } from 'zod';
import { Amount } from './amount.js';
import { Currency } from './currency.js';
import { Metadata } from './metadata.js';

/** Stripe's Refund object (https://docs.stripe.com/api/refunds/object), the fields the hub reads. */
export const Refund = z.looseObject({
  id: z.string().startsWith('re_'),
  object: z.literal('refund'),
  amount: Amount,
  charge: z.string().nullable(),
  currency: Currency,
  payment_intent: z.string().nullable(),
  reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer', 'expired_uncaptured_charge']).nullable(),
  status: z.enum(['pending', 'requires_action', 'succeeded', 'failed', 'canceled']).nullable(),
  metadata: Metadata.nullable(),
  created: z.number().int(),
});
export type Refund = z.infer<typeof Refund>;
