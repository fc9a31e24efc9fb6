import { z } from 'zod';

/** A REST resource id: a positive integer (Shopify's ids stay within JavaScript's safe range). */
export const ShopifyId = z.number().int().positive();
export type ShopifyId = z.infer<typeof ShopifyId>;
