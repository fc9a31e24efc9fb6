import { z } from 'zod';

/** A file path relative to connector.yaml, or the JSON value inline. */
export const FileOrInline = z.union([z.string().min(1), z.record(z.string(), z.unknown())]);

const MaxPages = z.number().int().min(1).max(1000).default(10).describe('pages fetched at most');
const ItemsPath = z.string().describe('dot path of the item array in each answer; empty when the answer is the array');

export const PaginationDeclaration = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('cursor'),
    cursorPath: z.string().min(1).describe('dot path of the next cursor in the answer; absent or empty ends the listing'),
    param: z.string().min(1).describe('query parameter that carries the cursor'),
    itemsPath: ItemsPath,
    maxPages: MaxPages,
  }),
  z.strictObject({ type: z.literal('link'), itemsPath: ItemsPath, maxPages: MaxPages }),
  z.strictObject({
    type: z.literal('page'),
    param: z.string().min(1).describe('query parameter that carries the page number'),
    startPage: z.number().int().min(0).default(1),
    itemsPath: ItemsPath,
    maxPages: MaxPages,
  }),
]);
export type PaginationDeclaration = z.infer<typeof PaginationDeclaration>;

/** When a 2xx answer is a failure the provider reports in its body (Slack's `200 {"ok": false, "error": "channel_not_found"}`). */
export const FailWhenDeclaration = z.strictObject({
  expression: z.string().min(1).describe('JSONata over the answer body; the call failed when it gives true, e.g. $not(ok)'),
  code: z.string().min(1).optional().describe("dot path of the provider's error code in the body, e.g. error"),
  transient: z.array(z.string().min(1)).default([]).describe('provider codes a retry may fix (HUB_ACTION_TRANSIENT); any other is HUB_ACTION_PERMANENT'),
});
export type FailWhenDeclaration = z.infer<typeof FailWhenDeclaration>;

export const ActionDeclaration = z.strictObject({
  description: z.string().min(1).describe('one line for catalogs, the console and the Slack modal'),
  method: z.enum(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']),
  path: z.string().regex(/^\//, 'a path starting with /').describe('{name} placeholders are filled from the input, URL-encoded'),
  input: FileOrInline.describe('JSON Schema of the canonical input (file or inline)'),
  query: z.string().min(1).optional().describe('JSONata over the input giving an object of query parameters'),
  body: z.string().min(1).optional().describe('JSONata over the input giving the body; without it POST/PUT/PATCH send the input'),
  bodyEncoding: z.enum(['json', 'form']).default('json'),
  headers: z.record(z.string().min(1), z.string()).optional().describe('static headers'),
  output: FileOrInline.optional().describe('JSON Schema of the answer body (with pagination: of the collected item array)'),
  idempotent: z.boolean().default(false).describe('repeating the call has no second effect; when false a failure after sending (timeout, reset) is dead-lettered as outcome_unknown, not retried'),
  idempotencyKey: z.strictObject({ header: z.string().min(1) }).optional().describe("send the hub's idempotency key in this header"),
  pagination: PaginationDeclaration.optional(),
  failWhen: FailWhenDeclaration.optional().describe('a 2xx answer (each page, when paginated) that is a failure the provider reports in its body'),
});
export type ActionDeclaration = z.infer<typeof ActionDeclaration>;
