import { isHubError, type Connector, type HttpRequest, type HttpResponse, type HubError } from '@hub/connector-sdk';
import type { z } from 'zod';
import { hubError } from '../errors/index.js';
import { EventTypes, type NewEvent, type StoredEvent } from '../event-store/index.js';
import { redactUrl, type OutboundAuth } from '../auth/index.js';
import { redactHeaders } from '../redact/index.js';
import type { CompiledRoute } from '../routes/index.js';
import { guardedHttp, type Breakers, type RateLimits } from './guarded-http.js';
import type { SendHttp } from './outbound-http.js';
import type { HubMetrics } from '../metrics/index.js';

export interface ActionRunResult {
  route: string;
  /** The connector whose action ran (its retry policy applies to a failure). */
  target?: string;
  /** `invalid_input` / `invalid_output`: data-format failures (quarantined, never retried). */
  outcome: 'succeeded' | 'skipped' | 'transient' | 'permanent' | 'invalid_input' | 'invalid_output' | 'throttled';
  error?: HubError;
  issues?: z.core.$ZodIssue[];
  request?: Record<string, unknown>;
  response?: HttpResponse;
}

export interface RunRouteActionInput {
  route: CompiledRoute;
  received: StoredEvent;
  payload: unknown;
  /** The payload's canonical model value, when its connector has an adapter for the event (`$canonical`). */
  canonical?: unknown;
  eventType: string;
  /** Idempotency keys whose action.succeeded is already in the stream. */
  alreadySucceeded: ReadonlySet<string | undefined>;
  connectors: Readonly<Record<string, Connector>>;
  /** Appends and waits until the event is durable. */
  append(event: NewEvent): Promise<string>;
  /** Appends without waiting; the caller waits for every recorded event before letting the message go. */
  record(event: NewEvent): void;
  /** The guarded HTTP client every outbound call goes through. */
  send: SendHttp;
  metrics?: HubMetrics | undefined;
  limits?: RateLimits;
  breakers?: Breakers;
  /** Credentials and base URL of the target connector (for connectors that declare them). */
  auth?: Pick<OutboundAuth, 'authorizerFor' | 'baseUrlFor'> | undefined;
}

/** The same key on every redelivery and replay of this event, for this route. */
export function idempotencyKeyFor(eventId: string, routeName: string): string {
  return `${eventId}:${routeName}`;
}

function recordedRequest(req: HttpRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), headers: redactHeaders(req.headers ?? {}), body: req.body };
}

/** Runs one route's action through a wrapped HTTP client that records each call and classifies the answer. */
export async function runRouteAction(input: RunRouteActionInput): Promise<ActionRunResult> {
  const { route, received, connectors, append, record } = input;
  const name = route.config.name;
  const idempotencyKey = idempotencyKeyFor(received.stream, name);
  if (input.alreadySucceeded.has(idempotencyKey)) return { route: name, outcome: 'skipped' };

  const base = { stream: received.stream, connector: received.connector, account: received.account };
  const action = connectors[route.config.action.connector]?.actions[route.config.action.name];
  if (!action) throw hubError('HUB_ROUTES_INVALID', `route ${name}: action ${route.config.action.connector}.${route.config.action.name} is not installed`);

  let mapped: unknown;
  try {
    mapped = await route.buildInput(input.payload, { eventId: received.stream, account: received.account, eventType: input.eventType, canonical: input.canonical });
  } catch (err) {
    return { route: name, outcome: 'invalid_input', error: hubError('HUB_ACTION_INPUT_INVALID', `route ${name}: mapping failed: ${(err as Error).message}`) };
  }
  const parsed = action.input.safeParse(mapped);
  if (!parsed.success) {
    return { route: name, outcome: 'invalid_input', issues: parsed.error.issues, error: hubError('HUB_ACTION_INPUT_INVALID', `route ${name}: mapped input does not match the action input`) };
  }

  let lastRequest: Record<string, unknown> | undefined;
  let lastResponse: HttpResponse | undefined;
  const startedAt = Date.now();
  const target = route.config.action.connector;
  const targetConnector = connectors[target] as Connector;
  const http = guardedHttp({
    target,
    account: received.account,
    send: input.send,
    limits: input.limits,
    breakers: input.breakers,
    metrics: input.metrics,
    authorizer: input.auth?.authorizerFor(targetConnector, received.account),
    async beforeSend(req) {
      lastRequest = recordedRequest(req);
      lastResponse = undefined;
      // Durable before the call: after a crash the timeline shows the call may have happened.
      await append({ ...base, type: EventTypes.actionRequested, data: { route: name, idempotencyKey, request: lastRequest } });
    },
    afterAnswer(res) {
      lastResponse = { ...res, headers: redactHeaders(res.headers) };
    },
  });

  try {
    const baseUrl = input.auth?.baseUrlFor(targetConnector, received.account);
    const answer = await action.run({ http, idempotencyKey, ...(baseUrl ? { baseUrl } : {}) }, parsed.data);
    const output = action.output && answer.status >= 200 && answer.status <= 299 ? action.output.safeParse(answer.body) : undefined;
    if (output && !output.success) {
      // The call may have had its effect: a retry could repeat it, and the answer would not change shape.
      const error = hubError('HUB_ACTION_OUTPUT_INVALID', `route ${name}: the ${answer.status} answer of ${target}.${route.config.action.name} does not match the action output`);
      record({
        ...base,
        type: EventTypes.actionFailed,
        data: { route: name, idempotencyKey, class: 'data_format', code: error.code, message: error.message, issues: output.error.issues, durationMs: Date.now() - startedAt, response: lastResponse },
      });
      return { route: name, target, outcome: 'invalid_output', error, issues: output.error.issues, ...(lastRequest ? { request: lastRequest } : {}), ...(lastResponse ? { response: lastResponse } : {}) };
    }
    record({ ...base, type: EventTypes.actionSucceeded, data: { route: name, idempotencyKey, durationMs: Date.now() - startedAt, response: lastResponse } });
    return { route: name, outcome: 'succeeded', ...(lastResponse ? { response: lastResponse } : {}) };
  } catch (err) {
    const error = isHubError(err) ? err : hubError('HUB_ACTION_TRANSIENT', `action threw: ${(err as Error).message}`, { cause: err });
    if (error.code === 'HUB_CONNECTOR_RATE_LIMITED' || error.code === 'HUB_CIRCUIT_OPEN') {
      // Nothing was sent: the event waits in its queue and no attempt is used.
      record({ ...base, type: EventTypes.actionThrottled, data: { route: name, reason: error.code, waitMs: error.retryAfterMs } });
      return { route: name, outcome: 'throttled', error };
    }
    const outcome = error.retryable ? 'transient' : 'permanent';
    record({
      ...base,
      type: EventTypes.actionFailed,
      data: { route: name, idempotencyKey, class: outcome, code: error.code, message: error.message, durationMs: Date.now() - startedAt, response: lastResponse },
    });
    return { route: name, target, outcome, error, ...(lastRequest ? { request: lastRequest } : {}), ...(lastResponse ? { response: lastResponse } : {}) };
  }
}
