import { adapterVersion, fromUnixSeconds, type Payment } from '@hub/models';
import { z } from 'zod';
import { PaymentIntentSucceeded } from '../events/payment-intent-succeeded.js';
import { BASIL, V2024_06_20 } from './api-versions.js';

const money = (amount: number, currency: string) => ({ amount, currency: currency.toUpperCase() });

type Intent = z.infer<typeof PaymentIntentSucceeded>['data']['object'];

function toPayment(intent: Intent, invoiceId: string | null): Payment {
  return {
    source: { connector: 'stripe', id: intent.id },
    status: 'succeeded',
    amount: money(intent.amount, intent.currency),
    amountReceived: money(intent.amount_received, intent.currency),
    customerId: intent.customer,
    invoiceId,
    description: intent.description,
    metadata: intent.metadata,
    createdAt: fromUnixSeconds(intent.created),
  };
}

// Up to 2025-02-24.acacia a PaymentIntent names the invoice it pays.
const Succeeded2024 = PaymentIntentSucceeded.extend({
  api_version: z.literal(V2024_06_20),
  data: z.object({ object: PaymentIntentSucceeded.shape.data.shape.object.extend({ invoice: z.string().startsWith('in_').nullable() }) }).loose(),
});

// 2025-03-31.basil removed `invoice` from PaymentIntent and Charge (invoices take several
// partial payments now; the link lives on InvoicePayment), so the Payment cannot name it.
const SucceededBasil = PaymentIntentSucceeded.extend({
  api_version: z.literal(BASIL),
  data: z.object({ object: PaymentIntentSucceeded.shape.data.shape.object.extend({ invoice: z.never().optional() }) }).loose(),
});

/** `payment_intent.succeeded` -> Payment. */
export const paymentIntentSucceededToPayment = {
  model: 'Payment',
  versions: {
    [BASIL]: adapterVersion(SucceededBasil, (e): Payment => toPayment(e.data.object, null)),
    [V2024_06_20]: adapterVersion(Succeeded2024, (e): Payment => toPayment(e.data.object, e.data.object.invoice)),
  },
};
