import type { z } from 'zod';
import { Order } from '../objects/order.js';

/**
 * `orders/paid`: the order's payment was captured. The whole order is sent; its
 * financial_status is not pinned to `paid` so a payload Shopify sends late (after a
 * refund) is not quarantined.
 */
export const OrdersPaid = Order;
export type OrdersPaid = z.infer<typeof OrdersPaid>;
