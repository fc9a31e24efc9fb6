import { z } from 'zod';

/** A billing, shipping or customer address. */
export const Address = z
  .object({
    first_name: z.string().nullable(),
    last_name: z.string().nullable(),
    address1: z.string().nullable(),
    city: z.string().nullable(),
    zip: z.string().nullable(),
    country_code: z.string().regex(/^[A-Z]{2}$/).nullable(),
  })
  .loose();
export type Address = z.infer<typeof Address>;
