export { EventStore, type StreamsRead } from './event-store.js';
export type { SideWrite } from './side-write.js';
export { EventNotifications, type EventChange } from './event-notifications.js';
export { announcerFor, type CommittedEvent } from './change-announcer.js';
export { EventTypes, FinishedStatuses, LifecycleEventTypes, deriveStatus, lifecycleTypesFor, type EventType, type WebhookStatus } from './event-types.js';
export type { EventRow, NewEvent, StoredEvent } from './stored-event.js';
export { WebhookIngestor, type IncomingWebhook, type IngestResult, type WebhookIngestorOptions } from './webhook-ingestor.js';
export { countByConnector, emptyCounts, type ConnectorCounts } from './connector-counts.js';
export { serialiseReceivedData, type WebhookReceivedData, type WebhookVerification } from './webhook-received-data.js';
