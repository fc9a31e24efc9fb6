export { WebhookProcessor, type WebhookProcessorOptions } from './webhook-processor.js';
export { EventAppender } from './event-appender.js';
export { adapterFor, normalizeFixture, normalizePayload, type Normalized, type NormalizeFailure } from './normalize-payload.js';
export { retryDelayMs, fromDeclaration, DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-delay.js';
export { classifyStatus, createOutboundHttp, parseRetryAfter, type OutboundPolicy, type SendHttp } from './outbound-http.js';
export { idempotencyKeyFor, runRouteAction, type RunRouteActionInput } from './run-route-action.js';
export { runAction, type ActionCall, type ActionEnvironment, type ActionRunResult } from './run-action.js';
export { runWorkflows, stepLabel, type RunWorkflowsInput } from './run-workflows.js';
export { guardedHttp, type Breakers, type GuardedHttpOptions, type RateLimits } from './guarded-http.js';
