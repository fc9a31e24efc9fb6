import { defineAction } from '@hub/connector-sdk';
import { z } from 'zod';

export const PostInput = z.object({
  url: z.string().url(),
  body: z.unknown(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type PostInput = z.infer<typeof PostInput>;

/**
 * POSTs JSON to a URL through the hub's HTTP client, carrying the idempotency key. Declared
 * idempotent: the target is your own system, and deduplicating by `Idempotency-Key` is the
 * contract of a hub forward target (README), so a timeout after sending is retried.
 */
export const post = defineAction({
  description: 'POST a JSON body to a URL',
  input: PostInput,
  idempotent: true,
  async run(ctx, { url, body, headers }) {
    return ctx.http.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'idempotency-key': ctx.idempotencyKey, ...headers },
      body,
    });
  },
});
