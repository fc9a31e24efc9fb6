import { describe, expect, it } from 'vitest';
import { normalizePayload } from '../../../../packages/core/src/processing/normalize-payload.js';
import { describeAdapterContract } from '../../../../packages/core/src/processing/testing/describe-adapter-contract.js';
import { customerCreatedBasil, paymentIntentSucceededBasil } from '../fixtures/basil.js';
import { customerCreated } from '../fixtures/customer-created.js';
import { paymentIntentSucceeded } from '../fixtures/payment-intent-succeeded.js';
import { stripe } from '../index.js';
import { BASIL, V2024_06_20 } from './api-versions.js';

describeAdapterContract(stripe, {
  'payment_intent.succeeded': { [BASIL]: paymentIntentSucceededBasil, [V2024_06_20]: paymentIntentSucceeded },
  'customer.created': { [BASIL]: customerCreatedBasil, [V2024_06_20]: customerCreated },
});

const adapter = stripe.adapters['payment_intent.succeeded'];

describe('stripe payment_intent.succeeded -> Payment', () => {
  it('maps amounts to minor units with an upper-case currency and Unix seconds to ISO 8601', async () => {
    const result = await normalizePayload(stripe, adapter, paymentIntentSucceeded, {});
    expect(result).toMatchObject({
      ok: true,
      value: { source: { connector: 'stripe', id: 'pi_3PqR1sLkdIwHu7ix0GmB7rTq' }, amount: { amount: 2000, currency: 'USD' }, createdAt: '2024-08-23T13:31:08.000Z', invoiceId: null },
    });
  });

  it('keeps the invoice of a 2024-06-20 payload; a basil payload has none to keep', async () => {
    const paid = structuredClone(paymentIntentSucceeded);
    (paid.data.object as { invoice: string | null }).invoice = 'in_1PqR0zLkdIwHu7ixv3b9Qw2E';
    expect(await normalizePayload(stripe, adapter, paid, {})).toMatchObject({ ok: true, version: V2024_06_20, value: { invoiceId: 'in_1PqR0zLkdIwHu7ixv3b9Qw2E' } });
    expect(await normalizePayload(stripe, adapter, paymentIntentSucceededBasil, {})).toMatchObject({ ok: true, version: BASIL, value: { invoiceId: null } });
  });

  it('refuses a payload that names basil but still carries the invoice field basil removed', async () => {
    const mixed = { ...paymentIntentSucceeded, api_version: BASIL };
    expect(await normalizePayload(stripe, adapter, mixed, {})).toMatchObject({ ok: false, code: 'HUB_PAYLOAD_INVALID', tried: [BASIL] });
  });
});
