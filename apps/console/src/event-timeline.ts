import { deriveStatus, EventTypes, type EventStore, type StoredEvent, type WebhookStatus } from '@hub/core/event-store';

export interface EventView {
  eventId: string;
  connector: string;
  account: string | null;
  eventType: string | undefined;
  providerEventId: string | null;
  status: WebhookStatus | undefined;
  receivedAt: Date;
  timeline: { id: string; type: string; at: Date; actor: string | null; data: unknown }[];
}

/** One webhook with its status and every event of its stream, oldest first. */
export async function readEventView(store: EventStore, eventId: string): Promise<EventView | undefined> {
  const stream: StoredEvent[] = await store.readStream(eventId);
  const received = stream.find((e) => e.type === EventTypes.webhookReceived);
  if (!received) return undefined;
  return {
    eventId,
    connector: received.connector,
    account: received.account,
    eventType: (received.data as { eventType?: string }).eventType,
    providerEventId: received.providerEventId,
    status: deriveStatus(stream.map((e) => e.type)),
    receivedAt: received.createdAt,
    timeline: stream.map((e) => ({ id: e.id, type: e.type, at: e.createdAt, actor: e.actor, data: e.data })),
  };
}
