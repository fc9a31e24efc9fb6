import { z } from 'zod';
import { isSearchablePath } from '../searchable-values.js';

const Seconds = z.number().positive().finite();

/** Where a value is read from an incoming webhook, as declared in YAML. */
export const ValueSourceDeclaration = z.discriminatedUnion('from', [
  z.strictObject({ from: z.literal('header'), name: z.string().min(1).describe('header name (any case)') }),
  z.strictObject({ from: z.literal('body'), path: z.string().min(1).describe('dot-separated path in the JSON body, e.g. data.object.id') }),
]);
export type ValueSourceDeclaration = z.infer<typeof ValueSourceDeclaration>;

export const HmacSchemeDeclaration = z.strictObject({
  type: z.literal('hmac'),
  header: z.string().min(1).describe('header that carries the signature'),
  algorithm: z.enum(['sha1', 'sha256', 'sha512']).default('sha256'),
  encoding: z.enum(['hex', 'base64']).default('hex'),
  prefix: z.string().default('').describe('text before the digest, e.g. "v0=" or "sha256="'),
  signedContent: z.string().min(1).default('{body}').describe('what is signed: {body} once, and {timestamp} when timestampHeader is set'),
  timestampHeader: z.string().min(1).optional().describe('header that carries the signed timestamp (replay protection: timestamp); without it the ingress dedupes on a digest of the body (body-digest)'),
  timestampFormat: z.enum(['unix', 'iso8601']).default('unix'),
  toleranceSeconds: Seconds.optional().describe('accepted clock skew of the timestamp, both directions (default 300)'),
});

/** A signature scheme by name, or an object with options. */
export const SchemeDeclaration = z.union([
  z.enum(['stripe', 'github', 'shopify', 'standardWebhooks']),
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('stripe'), toleranceSeconds: Seconds.optional() }),
    z.strictObject({ type: z.literal('github') }),
    z.strictObject({ type: z.literal('shopify') }),
    z.strictObject({
      type: z.literal('standardWebhooks'),
      toleranceSeconds: Seconds.optional(),
      headerPrefix: z.enum(['webhook', 'svix']).optional().describe('webhook-id/-timestamp/-signature (default) or svix-id/-timestamp/-signature (Svix senders such as Resend)'),
    }),
    HmacSchemeDeclaration,
  ]),
]);
export type SchemeDeclaration = z.infer<typeof SchemeDeclaration>;

export const WebhookDeclaration = z.strictObject({
  scheme: SchemeDeclaration.describe('signature scheme; verification is mandatory. Replay protection: timestamp (stripe, standardWebhooks, hmac with timestampHeader) or body-digest (github, shopify, hmac without: the same signed body under a new delivery id is a duplicate)'),
  eventId: ValueSourceDeclaration.describe("where the provider's event id (the dedupe key) is"),
  eventType: ValueSourceDeclaration.describe("where the provider's event type is"),
  searchable: z
    .array(z.string().refine(isSearchablePath, 'dot-separated keys such as data.object.customer'))
    .optional()
    .describe("payload paths the console's event explorer searches (e.g. data.object.customer, email); arrays are walked item by item; each must give a value in a fixture"),
  multiAccount: z.boolean().default(false).describe('accept /webhooks/<id>/<account>; the account is proven only by its own webhook secret (hub credentials set <id> --account <a> --webhook-secret)'),
});
export type WebhookDeclaration = z.infer<typeof WebhookDeclaration>;
