import { z } from 'zod';
import { Currency } from './currency.js';
import { Metadata } from './metadata.js';

export const Address = z
  .object({
    city: z.string().nullable(),
    country: z.string().nullable(),
    line1: z.string().nullable(),
    line2: z.string().nullable(),
    postal_code: z.string().nullable(),
    state: z.string().nullable(),
  })
  .loose();
export type Address = z.infer<typeof Address>;

/** https://docs.stripe.com/api/customers/object */
export const Customer = z
  .object({
    id: z.string().startsWith('cus_'),
    object: z.literal('customer'),
    address: Address.nullable(),
    // A balance can be negative (credit), unlike an amount.
    balance: z.number().int(),
    created: z.number().int().positive(),
    currency: Currency.nullable(),
    delinquent: z.boolean().nullable(),
    description: z.string().nullable(),
    email: z.string().nullable(),
    invoice_prefix: z.string().nullable(),
    livemode: z.boolean(),
    metadata: Metadata,
    name: z.string().nullable(),
    phone: z.string().nullable(),
    preferred_locales: z.array(z.string()),
    tax_exempt: z.enum(['none', 'exempt', 'reverse']),
  })
  .loose();
export type Customer = z.infer<typeof Customer>;
