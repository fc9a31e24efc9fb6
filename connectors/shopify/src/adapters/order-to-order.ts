import { adapterVersion, decimalToMinorUnits, type Order, type OrderPaymentStatus } from '@hub/models';
import { Order as ShopifyOrder } from '../objects/order.js';
import type { FinancialStatus } from '../objects/order.js';

// An expired authorization collected nothing, like a voided one.
const PAYMENT_STATUS: Record<FinancialStatus, OrderPaymentStatus> = {
  pending: 'pending',
  authorized: 'authorized',
  partially_paid: 'partially_paid',
  paid: 'paid',
  partially_refunded: 'partially_refunded',
  refunded: 'refunded',
  voided: 'voided',
  expired: 'voided',
};

const toOrder = adapterVersion(ShopifyOrder, (o): Order => {
  const money = (decimal: string) => ({ amount: decimalToMinorUnits(decimal, o.currency), currency: o.currency });
  return {
    source: { connector: 'shopify', id: String(o.id) },
    number: o.name,
    paymentStatus: PAYMENT_STATUS[o.financial_status],
    customerId: o.customer ? String(o.customer.id) : null,
    email: o.email,
    subtotal: money(o.subtotal_price),
    tax: money(o.total_tax),
    total: money(o.total_price),
    lines: o.line_items.map((l) => ({ title: l.title, sku: l.sku || null, quantity: l.quantity, unitPrice: money(l.price) })),
    createdAt: o.created_at,
  };
});

/**
 * `orders/create` and `orders/paid` -> Order. Shopify names its API version in the
 * X-Shopify-API-Version header, but the connector does not declare it as `apiVersion`: the
 * version moves every quarter while the order payload rarely changes, so the version is chosen
 * by the first schema that parses rather than refusing each new quarter's name.
 */
export const orderToOrder = { model: 'Order', versions: { '2024-07': toOrder } };
