import { defineConnector, shopifyScheme } from '@hub/connector-sdk';
import { CustomersCreate } from './events/customers-create.js';
import { OrdersCreate } from './events/orders-create.js';
import { OrdersPaid } from './events/orders-paid.js';
import { customersCreate } from './fixtures/customers-create.js';
import { ordersCreate } from './fixtures/orders-create.js';
import { ordersPaid } from './fixtures/orders-paid.js';
import { customerToCustomer } from './adapters/customer-to-customer.js';
import { orderToOrder } from './adapters/order-to-order.js';

export const shopify = defineConnector({
  id: 'shopify',
  version: '0.1.0',
  name: 'Shopify',
  webhook: {
    scheme: shopifyScheme(),
    eventId: { from: 'header', name: 'x-shopify-webhook-id' },
    eventType: { from: 'header', name: 'x-shopify-topic' },
    multiAccount: true,
    // The customer's e-mail, the order's number as the shop shows it (#1001) and as a number, and the object id.
    searchable: ['email', 'contact_email', 'name', 'order_number', 'id'],
  },
  events: {
    'orders/create': OrdersCreate,
    'orders/paid': OrdersPaid,
    'customers/create': CustomersCreate,
  },
  fixtures: {
    'orders/create': ordersCreate,
    'orders/paid': ordersPaid,
    'customers/create': customersCreate,
  },
  actions: {},
  adapters: {
    'orders/create': orderToOrder,
    'orders/paid': orderToOrder,
    'customers/create': customerToCustomer,
  },
  // REST Admin: a leaky bucket of 40 requests draining 2/s, per shop: 40 in any 20 s never overflows it.
  rateLimit: { points: 40, durationMs: 20_000, scope: 'account' },
});

export default shopify;

export { CustomersCreate, OrdersCreate, OrdersPaid };
