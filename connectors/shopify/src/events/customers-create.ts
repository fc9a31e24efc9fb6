import type { z } from 'zod';
import { Customer } from '../objects/customer.js';

/** `customers/create` */
export const CustomersCreate = Customer;
export type CustomersCreate = z.infer<typeof CustomersCreate>;
