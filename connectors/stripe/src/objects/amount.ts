import { z } from 'zod';

/** An amount in the currency's smallest unit (cents), never negative. */
export const Amount = z.number().int().nonnegative();
export type Amount = z.infer<typeof Amount>;
