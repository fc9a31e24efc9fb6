import { z } from 'zod';

/** Three-letter ISO currency code, lower-case as Stripe writes it (`usd`). */
export const Currency = z.string().regex(/^[a-z]{3}$/, 'a lower-case ISO 4217 code such as "usd"');
export type Currency = z.infer<typeof Currency>;
