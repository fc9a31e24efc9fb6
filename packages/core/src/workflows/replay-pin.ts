import { EventTypes, type StoredEvent } from '../event-store/index.js';

/**
 * A replay against one workflow version: carried in the webhook.replayed event's data
 * (`{ replayId, reason, workflow: { name, version } }`), so the delivery it starts — and every
 * retry of it — runs that workflow at that version and nothing else (no routes, no other workflow).
 */
export interface ReplayPin {
  name: string;
  version: number;
}

/** The pin of the event's current delivery: the last webhook.replayed's, when it has one. */
export function replayPinOf(stream: readonly StoredEvent[]): ReplayPin | undefined {
  const replayed = stream.findLast((e) => e.type === EventTypes.webhookReplayed);
  const pin = (replayed?.data as { workflow?: { name?: unknown; version?: unknown } } | undefined)?.workflow;
  if (!pin || typeof pin.name !== 'string' || typeof pin.version !== 'number' || !Number.isInteger(pin.version)) return undefined;
  return { name: pin.name, version: pin.version };
}
