import { isHubError, jsonataLimitCode, type Connector, type HttpRequest, type HttpResponse, type HubError } from '@hub/connector-sdk';
import type { z } from 'zod';
import { hubError, type CoreErrorCode } from '../errors/index.js';
import { EventTypes, type NewEvent, type StoredEvent } from '../event-store/index.js';
import { redactUrl, type OutboundAuth } from '../auth/index.js';
import { redactHeaders } from '../redact/index.js';
import { guardedHttp, type Breakers, type RateLimits } from './guarded-http.js';
import type { SendHttp } from './outbound-http.js';
import type { HubMetrics } from '../metrics/index.js';
import { nextAttemptAt, throttleDelaySeconds } from './wait-delay.js';

export interface ActionRunResult {
  /** Who asked for the call: the route's name, or `workflow:<name>:<step>`. */
  route: string;
  /** The connector whose action ran (its retry policy applies to a failure). */
  target?: string;
  /**
   * `invalid_input` / `invalid_output`: data-format failures (quarantined, never retried).
   * `outcome_unknown`: an action not declared idempotent failed after its request was sent
   * (dead-lettered for an operator to decide, never retried).
   */
  outcome: 'succeeded' | 'skipped' | 'transient' | 'permanent' | 'invalid_input' | 'invalid_output' | 'throttled' | 'outcome_unknown';
  /**
   * A transient failure of a workflow node whose own retry limit (`retry.retries`) is spent at this
   * attempt, with nothing in the workflow to take it: the event is dead-lettered now (class
   * transient), not retried, even when its connector's policy has attempts left.
   */
  exhausted?: { retries: number };
  error?: HubError;
  issues?: z.core.$ZodIssue[];
  request?: Record<string, unknown>;
  response?: HttpResponse;
}

/** One outbound call a route or a workflow step asks for. */
export interface ActionCall {
  /** Names the call in recorded events and results (`data.route`): the route's name, or `workflow:<name>:<step>`. */
  label: string;
  /** For messages: `route ledger`, `workflow payments step notify`. */
  describe: string;
  connector: string;
  action: string;
  /** The same on every redelivery and replay of the event. */
  idempotencyKey: string;
  /** Maps the event to the action's input; a throw is a data-format failure. */
  buildInput(): Promise<unknown>;
  /** The code of a mapping that throws (default HUB_ACTION_INPUT_INVALID). */
  mappingErrorCode?: CoreErrorCode;
  /** Added to the data of every action.* event of this call (e.g. the workflow, its version and step). */
  context?: Record<string, unknown>;
}

/** What every outbound call of one event shares: the recording, the guarded client, credentials. */
export interface ActionEnvironment {
  received: StoredEvent;
  /** Idempotency keys whose action.succeeded is already in the stream. */
  alreadySucceeded: ReadonlySet<string | undefined>;
  /** Calls (by label) an earlier attempt sent without recording their answer (it died), with the request. */
  unanswered?: ReadonlyMap<string, Record<string, unknown> | undefined> | undefined;
  connectors: Readonly<Record<string, Connector>>;
  /** Appends and waits until the event is durable. */
  append(event: NewEvent): Promise<string>;
  /** Appends without waiting; the caller waits for every recorded event before letting the message go. */
  record(event: NewEvent): void;
  /** The guarded HTTP client every outbound call goes through. */
  send: SendHttp;
  metrics?: HubMetrics | undefined;
  limits?: RateLimits | undefined;
  breakers?: Breakers | undefined;
  /** Credentials and base URL of the target connector (for connectors that declare them). */
  auth?: Pick<OutboundAuth, 'authorizerFor' | 'baseUrlFor'> | undefined;
}

function recordedRequest(req: HttpRequest): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), headers: redactHeaders(req.headers ?? {}), body: req.body };
}

/**
 * Runs one connector action for an event: the input mapped and checked against the action's
 * schema, then the call through the guarded client (circuit breaker, credentials, rate limit),
 * each request and answer recorded, the result classified. An idempotency key whose
 * action.succeeded is already recorded is skipped. The one way routes and workflows call out.
 */
export async function runAction(call: ActionCall, env: ActionEnvironment): Promise<ActionRunResult> {
  const { received, connectors, append, record } = env;
  const { label: name, idempotencyKey } = call;
  if (env.alreadySucceeded.has(idempotencyKey)) return { route: name, outcome: 'skipped' };

  const base = { stream: received.stream, connector: received.connector, account: received.account };
  const context = call.context ?? {};
  const throttled = (error: HubError): ActionRunResult => {
    // When the delayed message comes back: the stall sweeper's due time for the event.
    const nextAttempt = nextAttemptAt(throttleDelaySeconds(error.retryAfterMs));
    record({ type: EventTypes.actionThrottled, data: { route: name, ...context, reason: error.code, waitMs: error.retryAfterMs, nextAttemptAt: nextAttempt }, ...base });
    return { route: name, outcome: 'throttled', error };
  };
  const target = call.connector;
  const targetConnector = Object.hasOwn(connectors, target) ? connectors[target] : undefined;
  const action = targetConnector && Object.hasOwn(targetConnector.actions, call.action) ? targetConnector.actions[call.action] : undefined;
  if (!targetConnector || !action) throw hubError('HUB_ROUTES_INVALID', `${call.describe}: action ${target}.${call.action} is not installed`);

  let mapped: unknown;
  try {
    mapped = await call.buildInput();
  } catch (err) {
    if (isHubError(err) && err.retryable) return throttled(err);
    // A limit keeps its code (HUB_JSONATA_TIMEOUT…): the author must see that it was not the data.
    const code = jsonataLimitCode(err) ?? call.mappingErrorCode ?? 'HUB_ACTION_INPUT_INVALID';
    return { route: name, outcome: 'invalid_input', error: hubError(code, `${call.describe}: mapping failed: ${(err as Error).message}`) };
  }
  if (env.unanswered?.has(name) && action.idempotent !== true) {
    // An earlier attempt sent this request and stopped before its answer: sending it again could repeat the effect.
    const error = hubError('HUB_ACTION_OUTCOME_UNKNOWN', `${call.describe}: an earlier attempt sent the request and stopped before its answer was recorded; the provider may have acted`);
    const request = env.unanswered.get(name);
    record({ type: EventTypes.actionFailed, data: { route: name, ...context, idempotencyKey, class: 'outcome_unknown', code: error.code, message: error.message }, ...base });
    return { route: name, target, outcome: 'outcome_unknown', error, ...(request ? { request } : {}) };
  }
  const parsed = action.input.safeParse(mapped);
  if (!parsed.success) {
    return { route: name, outcome: 'invalid_input', issues: parsed.error.issues, error: hubError('HUB_ACTION_INPUT_INVALID', `${call.describe}: mapped input does not match the action input`) };
  }

  let lastRequest: Record<string, unknown> | undefined;
  let lastResponse: HttpResponse | undefined;
  const startedAt = Date.now();
  const http = guardedHttp({
    target,
    account: received.account,
    send: env.send,
    limits: env.limits,
    breakers: env.breakers,
    metrics: env.metrics,
    authorizer: env.auth?.authorizerFor(targetConnector, received.account),
    async beforeSend(req) {
      lastRequest = recordedRequest(req);
      lastResponse = undefined;
      // Durable before the call: after a crash the timeline shows the call may have happened.
      await append({ type: EventTypes.actionRequested, data: { route: name, ...context, idempotencyKey, request: lastRequest }, ...base });
    },
    afterAnswer(res) {
      lastResponse = { status: res.status, headers: redactHeaders(res.headers), body: res.body };
    },
  });

  try {
    const baseUrl = env.auth?.baseUrlFor(targetConnector, received.account);
    const answer = await action.run({ http, idempotencyKey, ...(baseUrl ? { baseUrl } : {}) }, parsed.data);
    const output = action.output && answer.status >= 200 && answer.status <= 299 ? action.output.safeParse(answer.body) : undefined;
    if (output && !output.success) {
      // The call may have had its effect: a retry could repeat it, and the answer would not change shape.
      const error = hubError('HUB_ACTION_OUTPUT_INVALID', `${call.describe}: the ${answer.status} answer of ${target}.${call.action} does not match the action output`);
      record({
        type: EventTypes.actionFailed,
        data: { route: name, ...context, idempotencyKey, class: 'data_format', code: error.code, message: error.message, issues: output.error.issues, durationMs: Date.now() - startedAt, response: lastResponse },
        ...base,
      });
      return { route: name, target, outcome: 'invalid_output', error, issues: output.error.issues, ...(lastRequest ? { request: lastRequest } : {}), ...(lastResponse ? { response: lastResponse } : {}) };
    }
    record({ type: EventTypes.actionSucceeded, data: { route: name, ...context, idempotencyKey, durationMs: Date.now() - startedAt, response: lastResponse }, ...base });
    return { route: name, outcome: 'succeeded', ...(lastResponse ? { response: lastResponse } : {}) };
  } catch (err) {
    const error = isHubError(err) ? err : hubError('HUB_ACTION_TRANSIENT', `action threw: ${(err as Error).message}`, { cause: err });
    // Nothing was sent: the event waits in its queue and no attempt is used.
    if (error.code === 'HUB_CONNECTOR_RATE_LIMITED' || error.code === 'HUB_CIRCUIT_OPEN' || error.code === 'HUB_JSONATA_BUSY') return throttled(error);
    // The provider may have acted: repeating the call is only safe when the action says so.
    const outcome = error.code === 'HUB_ACTION_OUTCOME_UNKNOWN' && action.idempotent !== true ? 'outcome_unknown' : error.retryable ? 'transient' : 'permanent';
    record({
      type: EventTypes.actionFailed,
      data: { route: name, ...context, idempotencyKey, class: outcome, code: error.code, message: error.message, durationMs: Date.now() - startedAt, response: lastResponse },
      ...base,
    });
    return { route: name, target, outcome, error, ...(lastRequest ? { request: lastRequest } : {}), ...(lastResponse ? { response: lastResponse } : {}) };
  }
}
