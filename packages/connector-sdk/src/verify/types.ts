/** Header names are lower-cased, as Node's http module delivers them. */
export type IncomingHeaders = Readonly<Record<string, string | string[] | undefined>>;

export type VerifyFailureReason = 'missing_signature' | 'invalid_signature' | 'stale_timestamp' | 'malformed';

export type VerifyResult =
  | { ok: true }
  | { ok: false; reason: VerifyFailureReason };

export interface VerifyInput {
  /** The exact bytes received: never a re-serialised body. */
  rawBody: Buffer;
  headers: IncomingHeaders;
  /** Every secret currently accepted (several during a rotation). Never empty. */
  secrets: readonly string[];
  /** The clock, passed in so tests are deterministic. */
  nowMs: number;
}

export interface SignInput {
  rawBody: Buffer;
  secret: string;
  nowMs: number;
  /** Delivery id for schemes that sign it (Standard Webhooks `webhook-id`). */
  deliveryId?: string;
}

/**
 * How a scheme keeps a captured delivery from being replayed: `timestamp` — a signed timestamp
 * older (or newer) than the tolerance is refused; `body-digest` — nothing time-bound is signed,
 * so the ingress also dedupes on a SHA-256 digest of the signed body (the same body under a
 * new delivery id is a duplicate).
 */
export type ReplayProtection = 'timestamp' | 'body-digest';

/** A reusable webhook signature scheme (Stripe, GitHub, Shopify, Standard Webhooks, generic HMAC). */
export interface WebhookScheme {
  readonly name: 'stripe' | 'github' | 'shopify' | 'standard-webhooks' | 'hmac';
  /** Headers that carry signatures or secrets: stripped before an event is stored. */
  readonly signatureHeaders: readonly string[];
  /** Accepted clock skew of the signed timestamp; absent when the scheme signs no timestamp. */
  readonly toleranceSeconds?: number;
  /** `timestamp` when a timestamp is signed (and `toleranceSeconds` set), `body-digest` otherwise. */
  readonly replayProtection: ReplayProtection;
  verify(input: VerifyInput): VerifyResult;
  /** Headers of a correctly signed delivery: for `hub send-test`, simulators and benchmarks. */
  sign(input: SignInput): Record<string, string>;
}
