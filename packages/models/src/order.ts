import { z } from 'zod';
import { Money } from './money.js';
import { SourceRef } from './source-ref.js';
import { Timestamp } from './timestamp.js';

export const OrderPaymentStatus = z.enum(['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided']);
export type OrderPaymentStatus = z.infer<typeof OrderPaymentStatus>;

export const OrderLine = z.object({
  title: z.string(),
  sku: z.string().nullable(),
  quantity: z.number().int().positive(),
  /** Price of one unit before discounts. */
  unitPrice: Money,
});
export type OrderLine = z.infer<typeof OrderLine>;

/** A shop order: a Shopify order. */
export const Order = z.object({
  source: SourceRef,
  /** The number people see (`#1001`). */
  number: z.string(),
  paymentStatus: OrderPaymentStatus,
  customerId: z.string().nullable(),
  email: z.string().nullable(),
  subtotal: Money,
  tax: Money,
  total: Money,
  lines: z.array(OrderLine).min(1),
  createdAt: Timestamp,
});
export type Order = z.infer<typeof Order>;
