import { createHmac, randomUUID } from 'node:crypto';
import shopify from '@hub/connector-shopify';
import type { TestHub } from './test-hub.js';

/**
 * Posts a Shopify orders/create delivery (the connector's fixture with this order id and total,
 * and `fields` over it: an order's own email or name) signed as Shopify signs, to the hub's
 * ingress; answers the hub's event id.
 */
export async function postShopifyOrder(hub: TestHub, secret: string, orderId: number, totalPrice: string, shop = 'shop1.myshopify.com', fields: Record<string, unknown> = {}): Promise<string> {
  const payload = JSON.stringify({ ...(shopify.fixtures['orders/create'] as object), ...fields, id: orderId, total_price: totalPrice });
  const headers = {
    'content-type': 'application/json',
    'x-shopify-hmac-sha256': createHmac('sha256', secret).update(payload).digest('base64'),
    'x-shopify-topic': 'orders/create',
    'x-shopify-shop-domain': shop,
    'x-shopify-webhook-id': randomUUID(),
  };
  const res = await hub.ingress.inject({ method: 'POST', url: `/webhooks/shopify/${shop}`, headers, payload });
  if (res.statusCode !== 202) throw new Error(`shopify order ${orderId}: HTTP ${res.statusCode} ${res.body}`);
  return (res.json() as { eventId: string }).eventId;
}
