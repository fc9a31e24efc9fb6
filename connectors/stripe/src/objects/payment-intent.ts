import { z } from 'zod';
import { Amount } from './amount.js';
import { Currency } from './currency.js';
import { Metadata } from './metadata.js';

export const PaymentIntentStatus = z.enum([
  'requires_payment_method',
  'requires_confirmation',
  'requires_action',
  'processing',
  'requires_capture',
  'canceled',
  'succeeded',
]);
export type PaymentIntentStatus = z.infer<typeof PaymentIntentStatus>;

export const LastPaymentError = z
  .object({
    type: z.enum(['api_error', 'card_error', 'idempotency_error', 'invalid_request_error']),
    code: z.string().optional(),
    decline_code: z.string().optional(),
    message: z.string().optional(),
  })
  .loose();
export type LastPaymentError = z.infer<typeof LastPaymentError>;

/** https://docs.stripe.com/api/payment_intents/object */
export const PaymentIntent = z
  .object({
    id: z.string().startsWith('pi_'),
    object: z.literal('payment_intent'),
    amount: Amount,
    amount_capturable: Amount,
    amount_received: Amount,
    capture_method: z.enum(['automatic', 'automatic_async', 'manual']),
    created: z.number().int().positive(),
    currency: Currency,
    customer: z.string().startsWith('cus_').nullable(),
    description: z.string().nullable(),
    last_payment_error: LastPaymentError.nullable(),
    latest_charge: z.string().nullable(),
    livemode: z.boolean(),
    metadata: Metadata,
    payment_method: z.string().nullable(),
    payment_method_types: z.array(z.string()),
    receipt_email: z.string().nullable(),
    status: PaymentIntentStatus,
  })
  .loose();
export type PaymentIntent = z.infer<typeof PaymentIntent>;
