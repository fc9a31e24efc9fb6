/** Every event type the hub appends. Provider event types live in `data.eventType`. */
export const EventTypes = {
  webhookReceived: 'webhook.received',
  webhookProcessing: 'webhook.processing',
  webhookProcessed: 'webhook.processed',
  webhookQuarantined: 'webhook.quarantined',
  webhookFailed: 'webhook.failed',
  webhookDeadLettered: 'webhook.dead_lettered',
  webhookReplayed: 'webhook.replayed',
  /** The payload mapped to a canonical model of @hub/models: `{ model, version, value }`. */
  webhookNormalized: 'webhook.normalized',
  /** The payload's fields differ from those observed so far for its event type: `{ eventType, added, removed, retyped }`. */
  schemaDrift: 'schema.drift',
  actionRequested: 'action.requested',
  actionSucceeded: 'action.succeeded',
  actionFailed: 'action.failed',
  /** An outbound call held back by a rate limit: nothing was sent, the event waits in its queue. */
  actionThrottled: 'action.throttled',
  /** A provider's circuit opened for the whole fleet (stream: the circuit's own id). */
  circuitOpened: 'circuit.opened',
  circuitClosed: 'circuit.closed',
  /** A failure that always alerts (permanent, data format); grouped per connector and kind. */
  alertRaised: 'alert.raised',
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/** Where a webhook stands, derived from the last lifecycle event of its stream. */
export type WebhookStatus = 'queued' | 'processing' | 'processed' | 'quarantined' | 'failed' | 'dead_lettered';

const STATUS_BY_TYPE: Partial<Record<string, WebhookStatus>> = {
  [EventTypes.webhookReceived]: 'queued',
  [EventTypes.webhookReplayed]: 'queued',
  [EventTypes.webhookProcessing]: 'processing',
  [EventTypes.webhookProcessed]: 'processed',
  [EventTypes.webhookQuarantined]: 'quarantined',
  [EventTypes.webhookFailed]: 'failed',
  [EventTypes.webhookDeadLettered]: 'dead_lettered',
};

export function deriveStatus(types: readonly string[]): WebhookStatus | undefined {
  let status: WebhookStatus | undefined;
  for (const type of types) status = STATUS_BY_TYPE[type] ?? status;
  return status;
}
