import { HubError } from './hub-error.js';

/** Error codes raised by @hub/connector-sdk. docs/errors.md lists them (a test keeps it in sync). */
export const SdkErrorCodes = {
  HUB_CONNECTOR_DEFINITION_INVALID: 'A connector declaration failed validation when it was loaded.',
  HUB_WEBHOOK_TOLERANCE_INVALID: 'A webhook scheme was given a timestamp tolerance that is not a positive finite number of seconds.',
  HUB_CONNECTOR_NO_WEBHOOK: 'A webhook operation was asked of a connector that receives no webhooks.',
  HUB_CONNECTOR_EVENT_UNKNOWN: 'An event type was named that the connector does not declare.',
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
