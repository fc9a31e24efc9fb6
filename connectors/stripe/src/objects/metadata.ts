import { z } from 'zod';

/** Stripe metadata: string keys to string values. */
export const Metadata = z.record(z.string(), z.string());
export type Metadata = z.infer<typeof Metadata>;
