import { z } from 'zod';

/**
 * The envelope Stripe wraps every webhook in (https://docs.stripe.com/api/events/object),
 * with `type` fixed and `data.object` given by the event.
 */
export function stripeEvent<const T extends string, O extends z.ZodType>(type: T, object: O) {
  return z
    .object({
      id: z.string().startsWith('evt_'),
      object: z.literal('event'),
      account: z.string().startsWith('acct_').optional(),
      api_version: z.string().nullable(),
      created: z.number().int().positive(),
      data: z.object({ object, previous_attributes: z.record(z.string(), z.unknown()).optional() }).loose(),
      livemode: z.boolean(),
      pending_webhooks: z.number().int().nonnegative(),
      request: z.object({ id: z.string().nullable(), idempotency_key: z.string().nullable() }).loose().nullable(),
      type: z.literal(type),
    })
    .loose();
}
