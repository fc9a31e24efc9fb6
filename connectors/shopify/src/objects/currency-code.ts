import { z } from 'zod';

/** ISO 4217 code, upper-case as Shopify writes it (`USD`). */
export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'an upper-case ISO 4217 code such as "USD"');
export type CurrencyCode = z.infer<typeof CurrencyCode>;
