export interface HubErrorOptions {
  retryable?: boolean;
  retryAfterMs?: number;
  cause?: unknown;
  /** Fields safe to show an operator or an API client (never secrets). */
  details?: Record<string, unknown>;
}

/**
 * Base of every error the hub raises on purpose. The class (through `retryable`)
 * decides whether work is retried; call sites never match on messages.
 */
export class HubError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs: number | undefined;
  readonly details: Record<string, unknown> | undefined;
  constructor(
    readonly code: string,
    message: string,
    options: HubErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HubError';
    this.retryable = options.retryable ?? false;
    this.retryAfterMs = options.retryAfterMs;
    this.details = options.details;
  }
}

export function isHubError(value: unknown): value is HubError {
  return value instanceof Error && typeof (value as { code?: unknown }).code === 'string' && 'retryable' in value;
}
