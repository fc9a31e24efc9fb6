import { randomUUID } from 'node:crypto';
import { withTransaction } from '../db/index.js';
import { claimLeases, releaseLeases } from '../event-lease/index.js';
import { deriveStatus, EventTypes, FinishedStatuses, type EventStore, type NewEvent, type StoredEvent } from '../event-store/index.js';
import { failureHistory, sinceLastReplay } from '../processing/index.js';

/** A message SQS moved to a connector's DLQ, as the drainer received it there. */
export interface RedrivenMessage {
  eventId: string;
  messageId: string;
  /** SQS's ApproximateReceiveCount when the drainer received it (its own receives of the DLQ copy included). */
  receiveCount: number;
  /** When the message was sent (SQS keeps a standard queue's SentTimestamp in the DLQ). */
  sentAt: Date;
}

/**
 * What became of a redriven message's event. `recorded`: dead-lettered now (reason redrive).
 * Nothing to record: `finished` (processed, quarantined or dead-lettered already: a redrive
 * recorded before, or a duplicate message), `superseded` (replayed or requeued since the message
 * was sent: a newer message carries it), `unknown` (no such webhook of this connector).
 * `busy`: a live lease (a worker or a replay is at it): left in the DLQ for a later pass.
 */
export type RedriveVerdict = 'recorded' | 'finished' | 'superseded' | 'unknown' | 'busy';

const QUEUED_AGAIN = new Set<string>([EventTypes.webhookReplayed, EventTypes.webhookRequeued]);
// Held only inside the transaction (released before COMMIT): a worker that wants the event waits for it.
const DRAIN_LEASE_MS = 60_000;

/**
 * Records redriven messages of one connector as dead letters, in one transaction under each
 * event's lease (the one workers hold while processing), the stream read anew under it. A
 * message whose event is already finished records nothing: recording twice (the drainer died
 * after COMMIT, before deleting the message) is harmless. Answers a verdict per message.
 */
export async function recordRedrives(
  store: EventStore,
  connector: string,
  messages: readonly RedrivenMessage[],
  { maxReceiveCount }: { maxReceiveCount: number | undefined },
): Promise<RedriveVerdict[]> {
  // Two messages of one event (a duplicate): the newest decides whether it was superseded, and is the one recorded.
  const newest = new Map<string, RedrivenMessage>();
  for (const m of messages) if ((newest.get(m.eventId)?.sentAt.getTime() ?? -1) < m.sentAt.getTime()) newest.set(m.eventId, m);
  if (newest.size === 0) return [];
  const byEvent = await withTransaction(store.pool, async (client) => {
    const holder = `redrive:${randomUUID()}`;
    const leases = [...newest.keys()].map((eventId) => ({ eventId, holder }));
    const claimed = await claimLeases(client, leases, DRAIN_LEASE_MS);
    const verdicts = new Map<string, RedriveVerdict>();
    const deadLetters: NewEvent[] = [];
    for (const [eventId, message] of newest) {
      if (!claimed.has(eventId)) {
        verdicts.set(eventId, 'busy');
        continue;
      }
      const stream = await store.readStream(eventId, client);
      const verdict = judge(stream, connector, message);
      verdicts.set(eventId, verdict);
      if (verdict === 'recorded') deadLetters.push(deadLetter(stream, message, maxReceiveCount));
    }
    await store.append(deadLetters, client);
    await releaseLeases(client, leases.filter((l) => claimed.has(l.eventId)));
    return verdicts;
  });
  return messages.map((m) => {
    const verdict = byEvent.get(m.eventId) as RedriveVerdict;
    // The other copies of an event recorded now are copies of a finished one.
    return verdict === 'recorded' && newest.get(m.eventId) !== m ? 'finished' : verdict;
  });
}

function judge(stream: readonly StoredEvent[], connector: string, message: RedrivenMessage): RedriveVerdict {
  const received = stream.find((e) => e.type === EventTypes.webhookReceived);
  if (!received || received.connector !== connector) return 'unknown';
  if (FinishedStatuses.has(deriveStatus(stream.map((e) => e.type)) ?? '')) return 'finished';
  if (stream.some((e) => QUEUED_AGAIN.has(e.type) && e.createdAt.getTime() > message.sentAt.getTime())) return 'superseded';
  return 'recorded';
}

function deadLetter(stream: readonly StoredEvent[], message: RedrivenMessage, maxReceiveCount: number | undefined): NewEvent {
  const received = stream[0] as StoredEvent;
  const since = sinceLastReplay(stream);
  const lifecycle = stream.filter((e) => deriveStatus([e.type]) !== undefined);
  const receives = maxReceiveCount === undefined ? 'its maximum number of' : String(maxReceiveCount);
  return {
    stream: received.stream,
    connector: received.connector,
    account: received.account,
    type: EventTypes.webhookDeadLettered,
    data: {
      reason: 'redrive',
      class: 'redrive',
      code: 'HUB_QUEUE_REDRIVEN',
      message: `SQS moved the message to the dead-letter queue after ${receives} receives without an outcome: the worker crashed, was killed or could not record an end each time`,
      // Runs since the last replay: each receive that reached its first call, its end or a thrown
      // error recorded webhook.processing (a process killed before its first call left none).
      attempts: since.filter((e) => e.type === EventTypes.webhookProcessing).length,
      receiveCount: message.receiveCount,
      ...(maxReceiveCount === undefined ? {} : { maxReceiveCount }),
      messageId: message.messageId,
      sentAt: message.sentAt.toISOString(),
      lastStep: lifecycle.at(-1)?.type,
      history: failureHistory(since),
    },
  };
}
