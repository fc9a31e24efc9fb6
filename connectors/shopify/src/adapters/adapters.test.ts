import { describe, expect, it } from 'vitest';
import { normalizePayload } from '../../../../packages/core/src/processing/normalize-payload.js';
import { describeAdapterContract } from '../../../../packages/core/src/processing/testing/describe-adapter-contract.js';
import { customersCreate } from '../fixtures/customers-create.js';
import { ordersCreate } from '../fixtures/orders-create.js';
import { ordersPaid } from '../fixtures/orders-paid.js';
import { shopify } from '../index.js';

describeAdapterContract(shopify, {
  'orders/create': { '2024-07': ordersCreate },
  'orders/paid': { '2024-07': ordersPaid },
  'customers/create': { '2024-07': customersCreate },
});

describe('shopify adapters', () => {
  it('turns decimal strings into minor units and keeps the shop currency', async () => {
    const result = await normalizePayload(shopify, shopify.adapters['orders/paid'], ordersPaid, {});
    expect(result).toMatchObject({ ok: true, value: { number: '#1001', paymentStatus: 'paid', total: { amount: 40300, currency: 'USD' }, subtotal: { amount: 39800, currency: 'USD' } } });
  });

  it('names the customer by first and last name, with the default address', async () => {
    const result = await normalizePayload(shopify, shopify.adapters['customers/create'], customersCreate, {});
    expect(result).toMatchObject({ ok: true, value: { source: { connector: 'shopify', id: '7390213742764' }, name: 'Bob Norman', address: { city: 'Ottawa', country: 'CA', region: 'Ontario' } } });
  });
});
