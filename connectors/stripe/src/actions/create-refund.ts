import { defineAction, formEncode, requireBaseUrl } from '@hub/connector-sdk';
import { z } from 'zod';
import { Metadata } from '../objects/metadata.js';
import { Refund } from '../objects/refund.js';

/** Stripe's "Create a refund" parameters (https://docs.stripe.com/api/refunds/create) the hub sends. */
export const CreateRefundInput = z
  .object({
    /** The charge to refund; or `payment_intent`. */
    charge: z.string().startsWith('ch_').optional(),
    /** The PaymentIntent to refund; or `charge`. */
    payment_intent: z.string().startsWith('pi_').optional(),
    /** A partial refund, in the smallest currency unit; the whole remaining amount when absent. */
    amount: z.number().int().positive().optional(),
    reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
    metadata: Metadata.optional(),
  })
  .refine((input) => (input.charge === undefined) !== (input.payment_intent === undefined), { message: 'exactly one of charge or payment_intent' });
export type CreateRefundInput = z.infer<typeof CreateRefundInput>;

/**
 * POST /v1/refunds, form-encoded, with the hub's idempotency key as Stripe's `Idempotency-Key`
 * (Stripe answers a repeated key with the first result instead of refunding twice).
 */
export const createRefund = defineAction({
  description: 'Refund a charge or a PaymentIntent, in whole or in part',
  input: CreateRefundInput,
  output: Refund,
  idempotent: true,
  async run(ctx, input) {
    return ctx.http.request({
      method: 'POST',
      url: `${requireBaseUrl(ctx, 'stripe', 'create_refund')}/v1/refunds`,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'idempotency-key': ctx.idempotencyKey },
      body: formEncode(input),
    });
  },
});
