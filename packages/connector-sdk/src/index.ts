export {
  defineConnector,
  ValueSource,
  type ActionContext,
  type ActionDefinition,
  type EventAdapter,
  type EventAdapterVersion,
  type Connector,
  type ConnectorDefinition,
  type HttpRequest,
  type HttpResponse,
} from './define-connector.js';
export { defineAction } from './define-action.js';
export { requireBaseUrl } from './require-base-url.js';
export { formEncode, type FormEncodeOptions } from './form-encode.js';
export { requirePath } from './require-path.js';
export { changesPathSegment } from './declarative/fill-path.js';
export type { IncomingHeaders, ReplayProtection, SignInput, VerifyFailureReason, VerifyInput, VerifyResult, WebhookScheme } from './verify/types.js';
export { stripeScheme, type StripeSchemeOptions } from './schemes/stripe-scheme.js';
export { githubScheme } from './schemes/github-scheme.js';
export { shopifyScheme } from './schemes/shopify-scheme.js';
export { standardWebhooksScheme, type StandardWebhooksHeaderPrefix, type StandardWebhooksSchemeOptions } from './schemes/standard-webhooks-scheme.js';
export { hmacScheme, type HmacSchemeOptions } from './schemes/hmac-scheme.js';
export { ConnectorDeclaration, EventDeclaration, type ConnectorDeclarationInput } from './declarative/connector-declaration.js';
export { ActionDeclaration, PaginationDeclaration } from './declarative/action-declaration.js';
export { WebhookDeclaration, SchemeDeclaration } from './declarative/webhook-declaration.js';
export { loadConnectorDeclaration } from './declarative/load-connector-declaration.js';
export { parseConnectorDeclaration, type ParseDeclarationOptions } from './declarative/parse-connector-declaration.js';
export { renderConnectorJsonSchema } from './declarative/connector-json-schema.js';
export { readValue } from './read-value.js';
export { searchableValues, isSearchablePath, MAX_SEARCHABLE_VALUES, MAX_SEARCHABLE_VALUE_LENGTH } from './searchable-values.js';
export {
  compileJsonata,
  configureJsonata,
  DEFAULT_JSONATA_LIMITS,
  JsonataExpression,
  jsonataLimitCode,
  JsonataPool,
  sharedJsonataPool,
  type CompiledJsonata,
  type JsonataLimits,
  type JsonataPoolStats,
} from './jsonata/index.js';
export { buildTestDelivery, type TestDelivery, type TestDeliveryOptions } from './build-test-delivery.js';
export { HubError, isHubError, type HubErrorOptions } from './hub-error.js';
export {
  SdkErrorCodes,
  ConnectorDefinitionError,
  ConnectorNoWebhookError,
  UnknownEventTypeError,
  WebhookToleranceError,
  ConnectorDeclarationError,
  WebhookSchemeOptionsError,
  ActionBaseUrlMissingError,
  ActionRequestError,
  PathValueRefusedError,
  ActionAnswerFailedError,
  JsonataEvaluationError,
  formatDeclarationIssue,
  type JsonataFailureCode,
  type DeclarationIssue,
  type SdkErrorCode,
} from './errors.js';
export { RateLimitPolicy, type RateLimitPolicyInput } from './rate-limit-policy.js';
export { BreakerPolicy, type BreakerPolicyInput } from './breaker-policy.js';
export { RetryPolicyDeclaration, type RetryPolicyDeclarationInput } from './retry-policy.js';
export { ConcurrencyLimit, concurrencyWithoutWebhook } from './concurrency-limit.js';
export { AuthDeclaration, AuthCredentialFields, type AuthDeclarationInput } from './auth/auth-declaration.js';
