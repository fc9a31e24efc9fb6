import type { z } from 'zod';
import { Order } from '../objects/order.js';

/** `orders/create`: an order was placed (paid or not). */
export const OrdersCreate = Order;
export type OrdersCreate = z.infer<typeof OrdersCreate>;
