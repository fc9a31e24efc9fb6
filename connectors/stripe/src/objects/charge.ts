import { z } from 'zod';
import { Amount } from './amount.js';
import { Currency } from './currency.js';
import { Metadata } from './metadata.js';

/** https://docs.stripe.com/api/charges/object */
export const Charge = z
  .object({
    id: z.string().startsWith('ch_'),
    object: z.literal('charge'),
    amount: Amount,
    amount_captured: Amount,
    amount_refunded: Amount,
    balance_transaction: z.string().nullable(),
    captured: z.boolean(),
    created: z.number().int().positive(),
    currency: Currency,
    customer: z.string().startsWith('cus_').nullable(),
    description: z.string().nullable(),
    failure_code: z.string().nullable(),
    failure_message: z.string().nullable(),
    livemode: z.boolean(),
    metadata: Metadata,
    paid: z.boolean(),
    payment_intent: z.string().startsWith('pi_').nullable(),
    payment_method: z.string().nullable(),
    receipt_url: z.string().nullable(),
    refunded: z.boolean(),
    status: z.enum(['succeeded', 'pending', 'failed']),
  })
  .loose();
export type Charge = z.infer<typeof Charge>;
