import { z } from 'zod';
import { AuthDeclaration } from '../auth/auth-declaration.js';
import { BreakerPolicy } from '../breaker-policy.js';
import { ConcurrencyLimit, concurrencyWithoutWebhook } from '../concurrency-limit.js';
import { RateLimitPolicy } from '../rate-limit-policy.js';
import { RetryPolicyDeclaration } from '../retry-policy.js';
import { ActionDeclaration, FileOrInline } from './action-declaration.js';
import { ValueSourceDeclaration, WebhookDeclaration } from './webhook-declaration.js';

export const EventDeclaration = z.strictObject({
  description: z.string().min(1).optional(),
  schema: FileOrInline.describe('JSON Schema of the payload (file or inline); payloads that do not match are quarantined'),
  fixture: FileOrInline.describe("the provider's documented example payload (file or inline)"),
  canonical: z
    .strictObject({
      model: z.string().min(1).describe('a @hub/models model, e.g. Issue'),
      versions: z
        .record(
          z.string().min(1),
          z.strictObject({
            schema: FileOrInline.optional().describe('payload schema of this provider version; defaults to the event schema'),
            map: z.string().min(1).describe('JSONata over the payload giving the canonical model'),
          }),
        )
        .refine((versions) => Object.keys(versions).length > 0, 'at least one version')
        .describe('provider API versions, newest first'),
    })
    .optional(),
});
export type EventDeclaration = z.infer<typeof EventDeclaration>;

/** The format of connector.yaml (docs/connector-yaml.md). Strict: a misspelt key is an error. */
export const ConnectorDeclaration = z
  .strictObject({
    id: z.string().regex(/^[a-z][a-z0-9-]{1,39}$/, 'lower-case letters, digits and dashes, starting with a letter'),
    version: z.string().regex(/^\d+\.\d+\.\d+/, 'semver such as 1.0.0'),
    name: z.string().min(1),
    description: z.string().min(1).optional(),
    baseUrls: z
      .record(z.string().min(1), z.string().regex(/^https?:\/\/\S+$/, 'an http(s) URL, may hold {account}'))
      .optional()
      .describe('provider API base URL per environment (production, sandbox, …)'),
    auth: AuthDeclaration.optional().describe('how outbound calls authenticate; secrets live in the credential store'),
    webhook: WebhookDeclaration.optional().describe('omit for outbound-only connectors'),
    apiVersion: ValueSourceDeclaration.optional().describe('where a webhook names its provider API version'),
    events: z.record(z.string().min(1), EventDeclaration).default({}),
    actions: z.record(z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, 'letters, digits and _'), ActionDeclaration).default({}),
    rateLimit: RateLimitPolicy.strict().optional(),
    breaker: BreakerPolicy.strict().optional(),
    retry: RetryPolicyDeclaration.strict().optional(),
    concurrency: ConcurrencyLimit.optional(),
    hooks: z.string().min(1).optional().describe('an ES module (relative path) whose `actions` export adds actions YAML cannot say'),
  })
  .superRefine((declaration, ctx) => {
    if (declaration.webhook === undefined && Object.keys(declaration.events).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['events'], message: 'events are declared but there is no webhook to receive them' });
    }
    if (declaration.webhook === undefined && declaration.concurrency !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['concurrency'], message: concurrencyWithoutWebhook(declaration.id) });
    }
  });
export type ConnectorDeclaration = z.infer<typeof ConnectorDeclaration>;
export type ConnectorDeclarationInput = z.input<typeof ConnectorDeclaration>;
