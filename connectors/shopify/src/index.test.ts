import { createHmac } from 'node:crypto';
import { buildTestDelivery } from '@hub/connector-sdk';
import { describe, expect, it } from 'vitest';
import { describeConnector } from '@hub/connector-sdk/testing';
import shopifyDefault, { CustomersCreate, OrdersCreate, shopify } from './index.js';

// No actions yet: the suite checks there is none without a simulator entry.
describeConnector(shopify);

const SECRET = 'shpss_client_secret';
const NOW_MS = 1_724_336_100_000;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- fixtures are mutated freely to build invalid payloads
type Json = Record<string, any>;
const fixture = (type: keyof typeof shopify.fixtures): Json => structuredClone(shopify.fixtures[type]) as Json;

describe('shopify connector', () => {
  it('is the default export as well as the named one, and accepts one route per shop', () => {
    expect(shopifyDefault).toBe(shopify);
    expect(shopify.secretEnvName).toBe('SHOPIFY_WEBHOOK_SECRET');
    expect(shopify.webhook.multiAccount).toBe(true);
  });

  it('reads the webhook id and topic from the x-shopify-* headers', () => {
    const delivery = buildTestDelivery(shopify, 'orders/paid', { secret: SECRET, nowMs: NOW_MS });
    expect(delivery.headers['x-shopify-topic']).toBe('orders/paid');
    expect(delivery.headers['x-shopify-webhook-id']).toBe(delivery.providerEventId);
  });

  it("signs deliveries as Shopify's documented recipe does (base64 HMAC-SHA256 of the body)", () => {
    const delivery = buildTestDelivery(shopify, 'orders/create', { secret: SECRET, nowMs: NOW_MS });
    // No library we have signs Shopify webhooks: this is the recipe from Shopify's docs.
    const expected = createHmac('sha256', SECRET).update(delivery.body).digest('base64');
    expect(delivery.headers['x-shopify-hmac-sha256']).toBe(expected);
  });

  it('rejects a price written as a number instead of a decimal string', () => {
    const order = fixture('orders/create');
    order.total_price = 403;
    expect(OrdersCreate.safeParse(order).success).toBe(false);
  });

  it('rejects a lower-case currency code', () => {
    const order = fixture('orders/create');
    order.currency = 'usd';
    expect(OrdersCreate.safeParse(order).success).toBe(false);
  });

  it('rejects an order with a line item of zero quantity or without line items', () => {
    const zero = fixture('orders/create');
    zero.line_items[0].quantity = 0;
    const empty = fixture('orders/create');
    empty.line_items = [];
    expect(OrdersCreate.safeParse(zero).success).toBe(false);
    expect(OrdersCreate.safeParse(empty).success).toBe(false);
  });

  it('accepts a custom line item without product or variant', () => {
    const order = fixture('orders/create');
    expect(order.line_items[1].product_id).toBeNull();
    expect(OrdersCreate.safeParse(order).success).toBe(true);
  });

  it('rejects an unknown financial status and customer state', () => {
    const order = fixture('orders/paid');
    order.financial_status = 'settled';
    const customer = fixture('customers/create');
    customer.state = 'banned';
    expect(OrdersCreate.safeParse(order).success).toBe(false);
    expect(CustomersCreate.safeParse(customer).success).toBe(false);
  });
});
