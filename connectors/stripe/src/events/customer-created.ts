import type { z } from 'zod';
import { Customer } from '../objects/customer.js';
import { stripeEvent } from '../objects/stripe-event.js';

/** `customer.created` */
export const CustomerCreated = stripeEvent('customer.created', Customer);
export type CustomerCreated = z.infer<typeof CustomerCreated>;
