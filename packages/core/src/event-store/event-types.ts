/** Every event type the hub appends. Provider event types live in `data.eventType`. */
export const EventTypes = {
  webhookReceived: 'webhook.received',
  webhookProcessing: 'webhook.processing',
  webhookProcessed: 'webhook.processed',
  webhookQuarantined: 'webhook.quarantined',
  webhookFailed: 'webhook.failed',
  webhookDeadLettered: 'webhook.dead_lettered',
  webhookReplayed: 'webhook.replayed',
  /**
   * The stall sweeper queued the event again: it had no outcome, no live lease and no message
   * left (`{ reason, stalledForMs, lastStep, lastStepAt, dueAt }`). Queued again, like a replay,
   * but the attempts go on counting.
   */
  webhookRequeued: 'webhook.requeued',
  /** The payload mapped to a canonical model of @hub/models: `{ model, version, value }`. */
  webhookNormalized: 'webhook.normalized',
  /** The payload's fields differ from those observed so far for its event type: `{ eventType, added, removed, retyped }`. */
  schemaDrift: 'schema.drift',
  /** An operator accepted an event type's drift as expected (stream: the drift alert it resolved, or its own): `{ eventType, distinctShapes, fields, resolvedAlertId }`. */
  schemaDriftAccepted: 'schema.drift_accepted',
  actionRequested: 'action.requested',
  actionSucceeded: 'action.succeeded',
  actionFailed: 'action.failed',
  /** An outbound call held back by a rate limit: nothing was sent, the event waits in its queue. */
  actionThrottled: 'action.throttled',
  /** A provider's circuit opened for the whole fleet (stream: the circuit's own id). */
  circuitOpened: 'circuit.opened',
  circuitClosed: 'circuit.closed',
  /** An alert opened (stream: the alert's id); later occurrences update its row, not the store. */
  alertRaised: 'alert.raised',
  /** The alert's condition recovered (evaluator), or an operator or the anomaly runner resolved it. */
  alertResolved: 'alert.resolved',
  /** Notifications of a connector and kind (`data.scope`, '*': every kind) silenced until `data.until` (operator action). */
  alertMuted: 'alert.muted',
  /** An operator lifted a mute early: `{ alertId, kind, removed }` (stream: each alert it made audible, or its own). */
  alertUnmuted: 'alert.unmuted',
  /** An alert raised while muted (nobody told) still open when no mute covers it any more: announced now. */
  alertAnnounced: 'alert.announced',
  /** An operator took the open alert ("someone is on it"); the first acknowledgement stands. */
  alertAcknowledged: 'alert.acknowledged',
  /** An operator action asked from Slack (stream: the webhook event or the alert): `{ action, eventId | alertId, actionTs, outcome }`, actor `slack:U…`. */
  // `/hub replay` and Replay all: stream derived from the request (trigger_id / action_ts, so a retry finds it),
  // `{ action: 'replay' | 'replay_all', triggerId | actionTs, outcome, replayId, selected, replayed }`.
  slackActionRequested: 'slack.action_requested',
  /** A Slack user who is not an operator tried an operator action: nothing was done. */
  slackActionRefused: 'slack.action_refused',
  /** Workflow operations (stream: the workflow's id, connector: its trigger connector, actor: who). `{ name, version, definition }`. */
  workflowVersionSaved: 'workflow.version_saved',
  /** `{ name, version, previous }`: a saved version became the active one. */
  workflowActivated: 'workflow.activated',
  workflowDisabled: 'workflow.disabled',
  workflowEnabled: 'workflow.enabled',
  /** `{ name, from, to }` */
  workflowRolledBack: 'workflow.rolled_back',
  /** Stored webhooks queued again through one version only: `{ name, version, from, to, replayId, reason, queued, skipped }`. */
  workflowReplayRequested: 'workflow.replay_requested',
  /** `{ name, version, percent }` */
  workflowCanarySet: 'workflow.canary_set',
  /** `{ name, version, previous }`: the canary version became the active one. */
  workflowCanaryPromoted: 'workflow.canary_promoted',
  workflowCanaryStopped: 'workflow.canary_stopped',
  /**
   * The canary guard stopped a canary that regressed (actor `system:canary-guard`):
   * `{ name, version, percent, activeVersion, reason, message, candidate, stable, guard }`.
   */
  workflowCanaryRolledBack: 'workflow.canary_rolled_back',
  /** A console API token was created (stream: the token's id, connector: hub): `{ name, role }`, actor: who created it. */
  apiTokenCreated: 'api_token.created',
  /** A console API token was revoked: `{ name, role }`, actor: who revoked it. */
  apiTokenRevoked: 'api_token.revoked',
  /** A console API request with a valid token that its role does not allow: `{ method, route, role }`, actor: the token. */
  apiActionRefused: 'api.action_refused',
  /** A workflow run on a webhook (stream: the webhook event): `{ name, version, canary }`; a retry of the delivery keeps this version. */
  workflowStarted: 'workflow.started',
  /** The trigger filter or a condition step was false: `{ name, version, step }` (step `trigger` for the filter). */
  workflowFiltered: 'workflow.filtered',
  /** Every step ran: `{ name, version, canary, steps: [{ id, type, outcome }] }`. */
  workflowCompleted: 'workflow.completed',
  /**
   * One node (or step) of a workflow ran on a webhook: `{ name, version, canary, node, type, outcome, branch?, input?, code? }`
   * (`branch`: what a condition or switch chose; `input`: what a call node mapped; `code`: why it failed).
   */
  workflowNodeRan: 'workflow.node_ran',
} as const;
export type EventType = (typeof EventTypes)[keyof typeof EventTypes];

/** Where a webhook stands, derived from the last lifecycle event of its stream. */
export type WebhookStatus = 'queued' | 'processing' | 'processed' | 'quarantined' | 'failed' | 'dead_lettered';

const STATUS_BY_TYPE: Partial<Record<string, WebhookStatus>> = {
  [EventTypes.webhookReceived]: 'queued',
  [EventTypes.webhookReplayed]: 'queued',
  [EventTypes.webhookRequeued]: 'queued',
  [EventTypes.webhookProcessing]: 'processing',
  [EventTypes.webhookProcessed]: 'processed',
  [EventTypes.webhookQuarantined]: 'quarantined',
  [EventTypes.webhookFailed]: 'failed',
  [EventTypes.webhookDeadLettered]: 'dead_lettered',
};

/** A webhook in one of these has nothing left to do: a message for it is let go unprocessed. */
export const FinishedStatuses: ReadonlySet<string> = new Set<WebhookStatus>(['processed', 'quarantined', 'dead_lettered']);

/** The event types that move a webhook's status, for queries that look for the last one of a stream. */
export const LifecycleEventTypes: readonly string[] = Object.keys(STATUS_BY_TYPE);

/** The lifecycle event types that leave a webhook in `status` (the inverse of deriveStatus). */
export function lifecycleTypesFor(status: WebhookStatus): string[] {
  return Object.entries(STATUS_BY_TYPE).flatMap(([type, s]) => (s === status ? [type] : []));
}

export function deriveStatus(types: readonly string[]): WebhookStatus | undefined {
  let status: WebhookStatus | undefined;
  for (const type of types) status = STATUS_BY_TYPE[type] ?? status;
  return status;
}
