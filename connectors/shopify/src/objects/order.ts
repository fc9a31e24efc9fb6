import { z } from 'zod';
import { Address } from './address.js';
import { CurrencyCode } from './currency-code.js';
import { LineItem } from './line-item.js';
import { Money } from './money.js';
import { ShopifyId } from './shopify-id.js';

export const FinancialStatus = z.enum(['pending', 'authorized', 'partially_paid', 'paid', 'partially_refunded', 'refunded', 'voided', 'expired']);
export type FinancialStatus = z.infer<typeof FinancialStatus>;

/** The REST Admin `Order` resource as sent by the `orders/*` webhooks. */
export const Order = z
  .object({
    id: ShopifyId,
    admin_graphql_api_id: z.string().startsWith('gid://shopify/Order/'),
    name: z.string(),
    order_number: z.number().int().positive(),
    email: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
    currency: CurrencyCode,
    presentment_currency: CurrencyCode,
    subtotal_price: Money,
    total_discounts: Money,
    total_price: Money,
    total_tax: Money,
    taxes_included: z.boolean(),
    financial_status: FinancialStatus,
    fulfillment_status: z.enum(['fulfilled', 'partial', 'restocked', 'unfulfilled']).nullable(),
    test: z.boolean(),
    tags: z.string(),
    line_items: z.array(LineItem).min(1),
    billing_address: Address.nullable().optional(),
    shipping_address: Address.nullable().optional(),
    customer: z.object({ id: ShopifyId }).loose().nullable().optional(),
  })
  .loose();
export type Order = z.infer<typeof Order>;
