import { defineAction } from '@hub/connector-sdk';
import { z } from 'zod';

export const PostInput = z.object({
  url: z.string().url(),
  body: z.unknown(),
  headers: z.record(z.string(), z.string()).optional(),
});
export type PostInput = z.infer<typeof PostInput>;

/** POSTs JSON to a URL through the hub's HTTP client, carrying the idempotency key. */
export const post = defineAction({
  description: 'POST a JSON body to a URL',
  input: PostInput,
  async run(ctx, { url, body, headers }) {
    return ctx.http.request({
      method: 'POST',
      url,
      headers: { 'content-type': 'application/json', 'idempotency-key': ctx.idempotencyKey, ...headers },
      body,
    });
  },
});
