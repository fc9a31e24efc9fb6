import { z } from 'zod';
import { Money } from './money.js';
import { SourceRef } from './source-ref.js';
import { Timestamp } from './timestamp.js';

export const PaymentStatus = z.enum(['pending', 'succeeded', 'failed', 'canceled', 'refunded']);
export type PaymentStatus = z.infer<typeof PaymentStatus>;

/** Money that moved (or tried to): a Stripe PaymentIntent or charge. */
export const Payment = z.object({
  source: SourceRef,
  status: PaymentStatus,
  /** What was asked for. */
  amount: Money,
  /** What was collected so far (0 until it succeeds). */
  amountReceived: Money,
  /** The provider's id of the customer who paid, when known. */
  customerId: z.string().nullable(),
  /** The provider's id of the invoice it paid, when the payload names one (Stripe stopped doing so in 2025-03-31.basil). */
  invoiceId: z.string().nullable(),
  description: z.string().nullable(),
  /** Free-form string pairs the merchant attached. */
  metadata: z.record(z.string(), z.string()),
  createdAt: Timestamp,
});
export type Payment = z.infer<typeof Payment>;
