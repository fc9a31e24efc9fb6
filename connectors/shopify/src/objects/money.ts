import { z } from 'zod';

/** A non-negative decimal amount as Shopify's REST payloads write it: a string such as `"403.00"`. */
export const Money = z.string().regex(/^\d+(\.\d+)?$/, 'a decimal string such as "403.00"');
export type Money = z.infer<typeof Money>;
