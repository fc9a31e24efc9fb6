import { z } from 'zod';
import { Charge } from '../objects/charge.js';
import { stripeEvent } from '../objects/stripe-event.js';

/** `charge.refunded`: fully or partly refunded; `refunded` is true only for a full refund. */
export const ChargeRefunded = stripeEvent('charge.refunded', Charge.extend({ amount_refunded: z.number().int().positive() }));
export type ChargeRefunded = z.infer<typeof ChargeRefunded>;
