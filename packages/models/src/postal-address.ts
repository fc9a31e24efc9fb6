import { z } from 'zod';

/** A postal address; every part may be unknown. */
export const PostalAddress = z.object({
  line1: z.string().nullable(),
  line2: z.string().nullable(),
  city: z.string().nullable(),
  region: z.string().nullable(),
  postalCode: z.string().nullable(),
  /** ISO 3166-1 alpha-2 when the provider gives it. */
  country: z.string().nullable(),
});
export type PostalAddress = z.infer<typeof PostalAddress>;
