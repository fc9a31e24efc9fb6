/**
 * Every error code @hub/core raises. docs/errors.md documents each one;
 * a test fails when the two drift apart.
 */
export const CoreErrorCodes = {
  HUB_CONFIG_INVALID: { retryable: false, description: 'The environment failed validation at boot; every problem is listed.' },
  HUB_DB_UNAVAILABLE: { retryable: true, description: 'PostgreSQL could not be reached or refused the write; nothing was acknowledged.' },
  HUB_MIGRATION_CHANGED: { retryable: false, description: 'An applied migration file was edited; migrations are forward-only, add a new file instead.' },
  HUB_MIGRATION_FAILED: { retryable: false, description: 'A migration failed and was rolled back.' },
  HUB_CONNECTOR_UNKNOWN: { retryable: false, description: 'No connector with this id is installed.' },
  HUB_CONNECTOR_NOT_MULTI_ACCOUNT: { retryable: false, description: 'An account was given in the URL of a connector that has no accounts.' },
  HUB_WEBHOOK_SECRET_MISSING: { retryable: false, description: 'No webhook secret is configured for the connector, so its webhooks are refused (never accepted unverified).' },
  HUB_WEBHOOK_SIGNATURE_MISSING: { retryable: false, description: 'The signature header is absent.' },
  HUB_WEBHOOK_SIGNATURE_INVALID: { retryable: false, description: 'No configured secret produces the signature sent.' },
  HUB_WEBHOOK_SIGNATURE_MALFORMED: { retryable: false, description: 'The signature or timestamp header cannot be parsed.' },
  HUB_WEBHOOK_TIMESTAMP_STALE: { retryable: false, description: 'The signed timestamp is outside the tolerance, in the past or in the future.' },
  HUB_WEBHOOK_EVENT_ID_MISSING: { retryable: false, description: 'The provider event id (the dedupe key) was not found in the delivery.' },
  HUB_WEBHOOK_BODY_TOO_LARGE: { retryable: false, description: 'The body exceeds the configured limit; it was refused before being buffered.' },
  HUB_EVENT_NOT_FOUND: { retryable: false, description: 'No event with this id exists.' },
  HUB_ROUTES_INVALID: { retryable: false, description: 'The routes file (hub.config.yaml) failed validation.' },
  HUB_PAYLOAD_INVALID: { retryable: false, description: 'A payload does not match its event schema; the event is quarantined.' },
  HUB_ACTION_INPUT_INVALID: { retryable: false, description: 'The mapped input of an action does not match the action input schema; the event is quarantined.' },
  HUB_ACTION_TRANSIENT: { retryable: true, description: 'An outbound call failed in a way that may pass (timeout, connection error, 5xx, 408, 409, 425, 429).' },
  HUB_CONNECTOR_RATE_LIMITED: { retryable: true, description: "An outbound call would exceed the provider's rate limit (or the provider asked to wait); the event waits in its queue and no attempt is used." },
  HUB_CIRCUIT_OPEN: { retryable: true, description: "The provider's circuit is open after repeated failures: no call is made, the event waits in its queue (no attempt used) until a probe succeeds." },
  HUB_ACTION_PERMANENT: { retryable: false, description: 'An outbound call was refused in a way a retry cannot fix (4xx other than 408/409/425/429, auth failures).' },
  HUB_OUTBOUND_ADDRESS_BLOCKED: { retryable: false, description: 'An outbound URL resolves to a loopback, private, link-local or otherwise internal address (SSRF guard); allow the host explicitly with HUB_OUTBOUND_ALLOWED_HOSTS.' },
  HUB_QUEUE_UNAVAILABLE: { retryable: true, description: 'The SQS endpoint could not be reached.' },
  HUB_BAD_REQUEST: { retryable: false, description: 'The request cannot be understood (bad id, bad JSON, missing field); the message says which.' },
  HUB_UNAUTHORIZED: { retryable: false, description: 'The console API needs a valid bearer token (HUB_CONSOLE_TOKEN).' },
  HUB_WRITE_DISABLED: { retryable: false, description: 'A write operation (replay) was asked of the console API, which refuses writes until HUB_CONSOLE_TOKEN is configured.' },
  HUB_INTERNAL: { retryable: true, description: 'An unexpected error; it is logged with the request id.' },
  HUB_CREDENTIAL_TAMPERED: { retryable: false, description: 'A stored credential or data key failed AES-GCM authentication (altered, or moved to another connector/account).' },
  HUB_CREDENTIAL_KEY_MISSING: { retryable: false, description: 'The key a credential was encrypted under is not available (a master key missing from HUB_MASTER_KEYS, or a data key row).' },
  HUB_CLI_USAGE: { retryable: false, description: 'A hub command was called with arguments it cannot use; the message says what to type.' },
} as const satisfies Record<string, { retryable: boolean; description: string }>;

export type CoreErrorCode = keyof typeof CoreErrorCodes;
