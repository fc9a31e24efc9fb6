import { z } from 'zod';
import type { WebhookScheme } from './verify/types.js';
import { ConnectorDefinitionError } from './errors.js';
import { BreakerPolicy, type BreakerPolicyInput } from './breaker-policy.js';
import { RateLimitPolicy, type RateLimitPolicyInput } from './rate-limit-policy.js';
import { RetryPolicyDeclaration, type RetryPolicyDeclarationInput } from './retry-policy.js';
import { AuthDeclaration, type AuthDeclarationInput } from './auth/auth-declaration.js';
import { ConcurrencyLimit, concurrencyWithoutWebhook } from './concurrency-limit.js';
import { isSearchablePath, searchableValues } from './searchable-values.js';

/** Where a value (provider event id, event type, account) is read from an incoming webhook. */
export const ValueSource = z.discriminatedUnion('from', [
  z.object({ from: z.literal('header'), name: z.string().min(1).transform((n) => n.toLowerCase()) }),
  z.object({ from: z.literal('body'), path: z.string().min(1) }),
]);
export type ValueSource = z.infer<typeof ValueSource>;

export interface HttpRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/** What an action receives: an HTTP client already wrapped by the hub (timeouts, idempotency key, recording). */
export interface ActionContext {
  http: { request(req: HttpRequest): Promise<HttpResponse> };
  /** Derived from our event id and the route: the same on every redelivery and replay. */
  idempotencyKey: string;
  /**
   * The provider API's base URL for this environment and account (from `baseUrls`, an
   * `<ID>_BASE_URL` override or the account's credentials). Absent for connectors without one.
   */
  baseUrl?: string;
}

export interface ActionDefinition<I extends z.ZodType = z.ZodType> {
  /** One line for catalogs, the console and the Slack modal. */
  description: string;
  /** Canonical input, validated before `run`. */
  input: I;
  run(ctx: ActionContext, input: z.infer<I>): Promise<HttpResponse>;
  /** Schema of the provider's answer body; an answer that does not parse is a data-format failure. */
  output?: z.ZodType;
  /**
   * True when repeating the call has no second effect (or the provider honours the idempotency key).
   * Otherwise a failure after the request was sent (timeout, reset) is not retried: the event is
   * dead-lettered as `outcome_unknown` for an operator to decide.
   */
  idempotent?: boolean;
}

/** One provider API version of an event: how to recognise its payload and map it to the canonical model. */
export interface EventAdapterVersion {
  schema: z.ZodType;
  /** May return a promise (JSONata mappings are asynchronous). */
  toCanonical(payload: unknown): unknown;
}

/**
 * Maps an event's payload, per provider API version, into a canonical model of @hub/models
 * (`Customer`, `Payment`, …). A payload that matches no known version is a data-format failure.
 */
export interface EventAdapter {
  /** Name of the canonical model in @hub/models. */
  model: string;
  /** Keyed by the provider's version string (`2024-06-20`), newest first. */
  versions: Record<string, EventAdapterVersion>;
}

export interface ConnectorDefinition {
  /** Lower-case id used in URLs, queue names and env names (`stripe` -> `STRIPE_WEBHOOK_SECRET`). */
  id: string;
  /** Semver of this connector package. */
  version: string;
  /** Human name. */
  name: string;
  /** Inbound webhooks; omitted for outbound-only connectors (e.g. `http`). */
  webhook?: {
    /** Signature scheme; verification is mandatory. */
    scheme: WebhookScheme;
    /** Where the provider's own event id is (the dedupe key). */
    eventId: ValueSource;
    /** Where the provider's event type is (kept in the provider's spelling). */
    eventType: ValueSource;
    /** Accept `/webhooks/<id>/<account>` (one shop, one org, …). */
    multiAccount?: boolean;
    /**
     * Payload paths the console's event explorer may search (`data.object.customer`, `email`):
     * dot-separated keys, arrays walked item by item. Each must give a value in at least one fixture.
     */
    searchable?: readonly string[];
  };
  /** Payload schema per provider event type. A payload that does not parse is quarantined. */
  events: Record<string, z.ZodType>;
  /** A realistic sample payload per declared event type. */
  fixtures: Record<string, unknown>;
  /** Outbound actions. */
  actions: Record<string, ActionDefinition>;
  /** The provider's documented request limit (sliding window), per connector or per account. */
  rateLimit?: RateLimitPolicyInput;
  /** When to stop calling the provider while it fails (defaults: 50 % of ≥ 10 calls in 10 s, open 30 s). */
  breaker?: BreakerPolicyInput;
  /** How failed calls to this provider are retried (defaults: the worker's HUB_RETRY_* settings). */
  retry?: RetryPolicyDeclarationInput;
  /**
   * Webhooks of this connector one worker process handles at once (1-500; default
   * HUB_WORKER_CONCURRENCY, 100). Only for connectors with a `webhook`; hub.config.yaml can override it.
   */
  concurrency?: number;
  /** How outbound calls authenticate; the secrets are in the credential store. */
  auth?: AuthDeclarationInput;
  /** Provider API base URL per environment (`production`, `sandbox`, …); may hold `{account}`. */
  baseUrls?: Record<string, string>;
  /** Where a webhook says which provider API version produced it (Stripe's `api_version`). */
  apiVersion?: ValueSource;
  /** Canonical-model adapters per event type. */
  adapters?: Record<string, EventAdapter>;
}

const IdPattern = /^[a-z][a-z0-9-]{1,39}$/;

const DefinitionShape = z.object({
  id: z.string().regex(IdPattern, 'lower-case letters, digits and dashes, starting with a letter'),
  version: z.string().regex(/^\d+\.\d+\.\d+/, 'semver such as 1.0.0'),
  name: z.string().min(1),
  webhook: z
    .object({
      scheme: z.custom<WebhookScheme>((v) => typeof v === 'object' && v !== null && 'verify' in v, 'a WebhookScheme'),
      eventId: ValueSource,
      eventType: ValueSource,
      multiAccount: z.boolean().optional(),
      searchable: z.array(z.string().refine(isSearchablePath, 'dot-separated keys such as data.object.customer')).optional(),
    })
    .optional(),
  events: z.record(z.string(), z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'a zod schema')),
  fixtures: z.record(z.string(), z.unknown()),
  actions: z.record(z.string(), z.object({ description: z.string().min(1), input: z.custom<z.ZodType>((v) => v instanceof z.ZodType), run: z.function() }).loose()),
  rateLimit: RateLimitPolicy.optional(),
  breaker: BreakerPolicy.optional(),
  retry: RetryPolicyDeclaration.optional(),
  concurrency: ConcurrencyLimit.optional(),
  auth: AuthDeclaration.optional(),
  baseUrls: z.record(z.string().min(1), z.string().min(1)).optional(),
  apiVersion: ValueSource.optional(),
  adapters: z
    .record(
      z.string(),
      z.object({
        model: z.string().min(1),
        versions: z.record(z.string().min(1), z.object({ schema: z.custom<z.ZodType>((v) => v instanceof z.ZodType, 'a zod schema'), toCanonical: z.function() })),
      }),
    )
    .optional(),
});

export type Connector<T extends ConnectorDefinition = ConnectorDefinition> = Readonly<T> & {
  /** `<ID>_WEBHOOK_SECRET` */
  readonly secretEnvName: string;
};

/**
 * Validates a connector declaration at load and returns it typed.
 * Every declared event must have a fixture, and every fixture must parse.
 */
export function defineConnector<const T extends ConnectorDefinition>(definition: T): Connector<T> {
  const shape = DefinitionShape.safeParse(definition);
  if (!shape.success) {
    throw new ConnectorDefinitionError(String(definition.id), z.prettifyError(shape.error));
  }
  if (definition.concurrency !== undefined && definition.webhook === undefined) {
    throw new ConnectorDefinitionError(definition.id, concurrencyWithoutWebhook(definition.id));
  }
  for (const [type, schema] of Object.entries(definition.events)) {
    if (!(type in definition.fixtures)) {
      throw new ConnectorDefinitionError(definition.id, `event "${type}" has no fixture`);
    }
    const parsed = schema.safeParse(definition.fixtures[type]);
    if (!parsed.success) {
      throw new ConnectorDefinitionError(definition.id, `fixture of "${type}" does not parse: ${z.prettifyError(parsed.error)}`);
    }
  }
  for (const path of definition.webhook?.searchable ?? []) {
    // A misspelt path would only show as searches that never find anything.
    if (!Object.values(definition.fixtures).some((fixture) => searchableValues([path], fixture).length > 0)) {
      throw new ConnectorDefinitionError(definition.id, `searchable path "${path}" gives no value in any fixture`);
    }
  }
  return Object.freeze({ ...definition, secretEnvName: `${definition.id.toUpperCase().replaceAll('-', '_')}_WEBHOOK_SECRET` });
}
