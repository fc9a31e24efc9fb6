import { EventTypes, type StoredEvent } from '../event-store/index.js';

/** The events of a stream since its last replay: a replay starts the attempts afresh. */
export function sinceLastReplay(stream: readonly StoredEvent[]): StoredEvent[] {
  return stream.slice(stream.findLastIndex((e) => e.type === EventTypes.webhookReplayed) + 1);
}

/** The failed attempts among `events`, as a dead letter carries them. */
export function failureHistory(events: readonly StoredEvent[]): { attempt?: number; code?: string; message?: string; at: Date }[] {
  return events
    .filter((e) => e.type === EventTypes.webhookFailed)
    .map((e) => {
      const d = e.data as { attempt?: number; code?: string; message?: string };
      return { attempt: d.attempt, code: d.code, message: d.message, at: e.createdAt };
    });
}
