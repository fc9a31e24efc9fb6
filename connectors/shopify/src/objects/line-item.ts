import { z } from 'zod';
import { Money } from './money.js';
import { ShopifyId } from './shopify-id.js';

/** One line of an order. `variant_id`/`product_id` are null for custom items. */
export const LineItem = z
  .object({
    id: ShopifyId,
    variant_id: ShopifyId.nullable(),
    product_id: ShopifyId.nullable(),
    title: z.string(),
    name: z.string(),
    quantity: z.number().int().positive(),
    price: Money,
    sku: z.string().nullable(),
    vendor: z.string().nullable(),
    requires_shipping: z.boolean(),
    taxable: z.boolean(),
    gift_card: z.boolean(),
    total_discount: Money,
  })
  .loose();
export type LineItem = z.infer<typeof LineItem>;
