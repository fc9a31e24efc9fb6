import { z } from 'zod';
import { PostalAddress } from './postal-address.js';
import { SourceRef } from './source-ref.js';
import { Timestamp } from './timestamp.js';

/** Someone who buys: a Stripe customer, a Shopify customer. */
export const Customer = z.object({
  source: SourceRef,
  email: z.string().nullable(),
  /** Full name as one string (providers split it differently). */
  name: z.string().nullable(),
  phone: z.string().nullable(),
  address: PostalAddress.nullable(),
  createdAt: Timestamp,
});
export type Customer = z.infer<typeof Customer>;
