import { HubError } from './hub-error.js';

/** Error codes raised by @hub/connector-sdk. docs/errors.md lists them (a test keeps it in sync). */
export const SdkErrorCodes = {
  HUB_CONNECTOR_DEFINITION_INVALID: 'A connector declaration failed validation when it was loaded.',
  HUB_WEBHOOK_TOLERANCE_INVALID: 'A webhook scheme was given a timestamp tolerance that is not a positive finite number of seconds.',
  HUB_CONNECTOR_NO_WEBHOOK: 'A webhook operation was asked of a connector that receives no webhooks.',
  HUB_CONNECTOR_EVENT_UNKNOWN: 'An event type was named that the connector does not declare.',
  HUB_CONNECTOR_DECLARATION_INVALID:
    'A connector.yaml (or a schema, fixture or hooks file it references) is invalid; each problem is reported as file:line:column, the field path and what is wrong.',
  HUB_WEBHOOK_SCHEME_INVALID: 'A webhook signature scheme was given inconsistent options (e.g. a timestamp header whose value the signed content does not include).',
  HUB_CONNECTOR_BASE_URL_MISSING: 'A declared action ran without a base URL (no baseUrls entry for the environment, no <ID>_BASE_URL override).',
  HUB_CONNECTOR_REQUEST_INVALID: "A declared action could not build its request from the input (a path placeholder without a value, a query or body expression that failed or gave the wrong shape).",
  HUB_CONNECTOR_PATH_VALUE_REFUSED:
    'A value for a path placeholder could change which endpoint is called (`.`, `..`, `/`, `\\`, `%2f` or anything that decodes to one of those): the request is not sent and the event fails permanently (dead-lettered, alerted).',
} as const;
export type SdkErrorCode = keyof typeof SdkErrorCodes;

export class ConnectorDefinitionError extends HubError {
  constructor(
    readonly connectorId: string,
    detail: string,
  ) {
    super('HUB_CONNECTOR_DEFINITION_INVALID', `connector "${connectorId}" is invalid: ${detail}`);
    this.name = 'ConnectorDefinitionError';
  }
}

export class WebhookToleranceError extends HubError {
  constructor(readonly toleranceSeconds: number) {
    super('HUB_WEBHOOK_TOLERANCE_INVALID', `toleranceSeconds must be a positive finite number, got ${toleranceSeconds}`, {
      details: { toleranceSeconds },
    });
    this.name = 'WebhookToleranceError';
  }
}

export class ConnectorNoWebhookError extends HubError {
  constructor(readonly connectorId: string) {
    super('HUB_CONNECTOR_NO_WEBHOOK', `connector "${connectorId}" receives no webhooks`, { details: { connectorId } });
    this.name = 'ConnectorNoWebhookError';
  }
}

export class UnknownEventTypeError extends HubError {
  constructor(
    readonly connectorId: string,
    readonly eventType: string,
  ) {
    super('HUB_CONNECTOR_EVENT_UNKNOWN', `connector "${connectorId}" declares no event "${eventType}"`, {
      details: { connectorId, eventType },
    });
    this.name = 'UnknownEventTypeError';
  }
}

/** One problem in a connector.yaml, located in the file that holds it. */
export interface DeclarationIssue {
  /** The declaration's path as given (relative to the working directory when inside it). */
  file: string;
  /** 1-based. */
  line: number;
  /** 1-based. */
  column: number;
  /** Field path in the declaration, e.g. `actions.create.method`. */
  path: string;
  message: string;
}

/** `file:line:col path: message`, the form editors and terminals turn into a link. */
export function formatDeclarationIssue(issue: DeclarationIssue): string {
  const where = `${issue.file}:${issue.line}:${issue.column}`;
  return issue.path === '' ? `${where} ${issue.message}` : `${where} ${issue.path}: ${issue.message}`;
}

export class ConnectorDeclarationError extends HubError {
  constructor(readonly issues: readonly DeclarationIssue[]) {
    super('HUB_CONNECTOR_DECLARATION_INVALID', issues.map(formatDeclarationIssue).join('\n'), {
      details: { issues: issues.map((i) => ({ ...i })) },
    });
    this.name = 'ConnectorDeclarationError';
  }
}

export class WebhookSchemeOptionsError extends HubError {
  constructor(scheme: string, detail: string) {
    super('HUB_WEBHOOK_SCHEME_INVALID', `${scheme} scheme: ${detail}`, { details: { scheme } });
    this.name = 'WebhookSchemeOptionsError';
  }
}

export class ActionBaseUrlMissingError extends HubError {
  constructor(
    readonly connectorId: string,
    readonly action: string,
  ) {
    super(
      'HUB_CONNECTOR_BASE_URL_MISSING',
      `action ${connectorId}.${action} has no base URL: declare baseUrls for this environment or set ${connectorId.toUpperCase().replaceAll('-', '_')}_BASE_URL`,
      { details: { connectorId, action } },
    );
    this.name = 'ActionBaseUrlMissingError';
  }
}

/** Not retryable: the same input would fail the same way. */
export class ActionRequestError extends HubError {
  constructor(
    readonly connectorId: string,
    readonly action: string,
    detail: string,
    cause?: unknown,
  ) {
    super('HUB_CONNECTOR_REQUEST_INVALID', `action ${connectorId}.${action}: ${detail}`, { details: { connectorId, action }, cause });
    this.name = 'ActionRequestError';
  }
}

/**
 * Not retryable, and not a data-format failure: the value passed the input schema, and sending it
 * would call another endpoint than the one declared. Treated like a 4xx the hub refuses to
 * send: permanent, so the event is dead-lettered with an alert and can be replayed once the
 * mapping or the payload is fixed.
 */
export class PathValueRefusedError extends HubError {
  constructor(
    readonly connectorId: string,
    readonly action: string,
    readonly placeholder: string,
    value: string,
  ) {
    const shown = JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
    super('HUB_CONNECTOR_PATH_VALUE_REFUSED', `action ${connectorId}.${action}: path placeholder {${placeholder}} refused ${shown}: a dot segment, a slash or backslash (or one percent-encoded) would change the endpoint called`, {
      details: { connectorId, action, placeholder },
    });
    this.name = 'PathValueRefusedError';
  }
}

/**
 * A 2xx answer that the action's declared `failWhen` rule marks as failed. The two codes are the
 * hub's outbound-call classes, registered in @hub/core's registry (the SDK cannot depend on core):
 * HUB_ACTION_TRANSIENT when the provider's code is in the rule's `transient` list, else HUB_ACTION_PERMANENT.
 */
export class ActionAnswerFailedError extends HubError {
  constructor(
    readonly connectorId: string,
    readonly action: string,
    details: { status: number; providerCode: string | undefined; transient: boolean; retryAfterMs?: number | undefined; detail?: string },
    cause?: unknown,
  ) {
    const { status, providerCode, transient, retryAfterMs, detail } = details;
    const what = detail ?? (providerCode === undefined ? 'a failure without an error code' : `error "${providerCode}"`);
    super(transient ? 'HUB_ACTION_TRANSIENT' : 'HUB_ACTION_PERMANENT', `action ${connectorId}.${action}: the provider answered ${status} with ${what}`, {
      retryable: transient,
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      details: { connectorId, action, status, ...(providerCode === undefined ? {} : { providerCode }) },
      cause,
    });
    this.name = 'ActionAnswerFailedError';
  }
}

/** Why a JSONata evaluation gave no value: a limit, a full pool, or the expression itself threw. */
export type JsonataFailureCode = 'HUB_JSONATA_TIMEOUT' | 'HUB_JSONATA_RESOURCE_LIMIT' | 'HUB_JSONATA_BUSY' | 'HUB_JSONATA_EVALUATION_FAILED';

/**
 * A JSONata evaluation that failed. The codes are registered in @hub/core's registry (the SDK
 * cannot depend on core). Only HUB_JSONATA_BUSY is retryable: the other three would fail the
 * same way on the same input. `details.jsonataCode` is JSONata's own code (`T2001`, `D1012`…).
 */
export class JsonataEvaluationError extends HubError {
  constructor(
    code: JsonataFailureCode,
    message: string,
    details: { jsonataCode?: string | undefined; position?: number | undefined; limit?: string | undefined } = {},
  ) {
    const defined = Object.fromEntries(Object.entries(details).filter(([, value]) => value !== undefined));
    super(code, message, { retryable: code === 'HUB_JSONATA_BUSY', ...(code === 'HUB_JSONATA_BUSY' ? { retryAfterMs: 1_000 } : {}), details: defined });
    this.name = 'JsonataEvaluationError';
  }
}
