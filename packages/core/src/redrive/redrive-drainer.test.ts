import { ReceiveMessageCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { claimLeases } from '../event-lease/index.js';
import { EventStore, EventTypes } from '../event-store/index.js';
import { HubMetrics } from '../metrics/index.js';
import { ConnectorQueues, createSqsClient, queueDepth, type ConnectorQueue } from '../queue/index.js';
import { listDeadLetters } from '../replay/index.js';
import { RedriveDrainer } from './redrive-drainer.js';

const MAX_RECEIVE_COUNT = 2;
let db: TestDatabase;
let sqs: SQSClient;
let queues: ConnectorQueues;
let store: EventStore;

beforeAll(async () => {
  db = await createTestDatabase('redrive');
  sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
  queues = new ConnectorQueues(sqs, testQueuePrefix('redrive'), { maxReceiveCount: MAX_RECEIVE_COUNT, visibilityTimeoutSeconds: 30 });
  store = new EventStore(db.pool);
});
afterAll(async () => {
  sqs.destroy();
  await db.drop();
});

/** A webhook received (its event's id is the stream's), then these steps, as the ingress and the worker record them. */
async function webhook(connector: string, steps: string[] = [EventTypes.webhookProcessing]): Promise<string> {
  const id = uuidv7();
  await db.admin.query('INSERT INTO events (id, stream, connector, type, data) VALUES ($1, $1, $2, $3, $4)', [id, connector, EventTypes.webhookReceived, JSON.stringify({ eventType: 'thing.happened' })]);
  for (const type of steps) await store.append([{ stream: id, connector, type, data: {} }]);
  return id;
}

/** SQS's own redrive: received maxReceiveCount times and never deleted, the message moves to the DLQ on the next receive. */
async function redrive(queue: ConnectorQueue, eventId: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: JSON.stringify({ eventId }) }));
  for (let i = 0; i <= MAX_RECEIVE_COUNT; i += 1) await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.url, VisibilityTimeout: 0, MaxNumberOfMessages: 10 }));
}

const deadLetters = async (eventId: string) =>
  (await db.admin.query<{ data: Record<string, unknown> }>('SELECT data FROM events WHERE stream = $1 AND type = $2', [eventId, EventTypes.webhookDeadLettered])).rows.map((r) => r.data);
const inDlq = async (queue: ConnectorQueue) => {
  const depth = await queueDepth(sqs, queue.dlqUrl);
  return depth.visible + depth.inFlight;
};
const drainer = (connector: string, metrics?: HubMetrics) => new RedriveDrainer({ store, queues, connectors: [connector], log: testLogger, ...(metrics ? { metrics } : {}) });

describe('RedriveDrainer (real PostgreSQL and SQS emulator)', () => {
  it('records a message SQS redrove as webhook.dead_lettered, reason redrive, listed with the dead letters, and empties the SQS DLQ', async () => {
    const queue = await queues.get('rdone');
    const eventId = await webhook('rdone', [EventTypes.webhookProcessing, EventTypes.webhookProcessing]);
    await redrive(queue, eventId);
    expect(await inDlq(queue)).toBe(1);
    const metrics = new HubMetrics('test');

    const drained = await drainer('rdone', metrics).drain();

    expect(drained).toEqual([{ connector: 'rdone', eventId, verdict: 'recorded' }]);
    const [dead] = await deadLetters(eventId);
    expect(dead).toMatchObject({ reason: 'redrive', class: 'redrive', code: 'HUB_QUEUE_REDRIVEN', maxReceiveCount: MAX_RECEIVE_COUNT, attempts: 2, lastStep: EventTypes.webhookProcessing });
    expect(dead?.receiveCount).toBeGreaterThan(MAX_RECEIVE_COUNT);
    expect(await inDlq(queue)).toBe(0);
    const listed = await listDeadLetters(db.pool, 'rdone');
    expect(listed).toMatchObject([{ eventId, status: 'dead_lettered', errorClass: 'redrive', code: 'HUB_QUEUE_REDRIVEN', attempts: 2 }]);
    expect((await metrics.render()).body).toContain('hub_redrive_drained_total{connector="rdone",verdict="recorded",service="test"} 1');
  });

  it('records an event once: a second message for it, or the same one drained again, records nothing more', async () => {
    const queue = await queues.get('rdtwice');
    const eventId = await webhook('rdtwice');
    // Two copies at once (a wait's resend and its original), then another after the first drain
    // (a drainer that died after recording, before deleting).
    await redrive(queue, eventId);
    await redrive(queue, eventId);
    expect((await drainer('rdtwice').drain()).map((d) => d.verdict).sort()).toEqual(['finished', 'recorded']);
    await redrive(queue, eventId);
    expect((await drainer('rdtwice').drain()).map((d) => d.verdict)).toEqual(['finished']);
    expect(await deadLetters(eventId)).toHaveLength(1);
    expect(await inDlq(queue)).toBe(0);
  });

  it('records nothing for an event finished, replayed since the message was sent, or unknown; leaves one a worker holds', async () => {
    const queue = await queues.get('rdskip');
    const processed = await webhook('rdskip', [EventTypes.webhookProcessing, EventTypes.webhookProcessed]);
    const replayed = await webhook('rdskip', [EventTypes.webhookProcessing]);
    const held = await webhook('rdskip', [EventTypes.webhookProcessing]);
    const otherConnector = await webhook('rdother');
    for (const id of [processed, replayed, held, otherConnector]) await redrive(queue, id);
    await store.append([{ stream: replayed, connector: 'rdskip', type: EventTypes.webhookReplayed, data: {} }]);
    await claimLeases(db.pool, [{ eventId: held, holder: 'a-worker' }], 60_000);

    const verdicts = Object.fromEntries((await drainer('rdskip').drain()).map((d) => [d.eventId, d.verdict]));

    expect(verdicts).toEqual({ [processed]: 'finished', [replayed]: 'superseded', [otherConnector]: 'unknown' });
    for (const id of [processed, replayed, held, otherConnector]) expect(await deadLetters(id)).toEqual([]);
    // The held event's message stays in the DLQ (hidden for a while) for a later pass.
    expect(await queueDepth(sqs, queue.dlqUrl)).toMatchObject({ visible: 0, inFlight: 1 });
  });

  it('three drainers at once record each of 25 redriven events once', async () => {
    const queue = await queues.get('rdmany');
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) ids.push(await webhook('rdmany'));
    for (const id of ids) await redrive(queue, id);
    const runs = await Promise.all([drainer('rdmany').drain(), drainer('rdmany').drain(), drainer('rdmany').drain()]);
    // Drained by whoever held the connector's lock; a later pass finds whatever it left.
    runs.push(await drainer('rdmany').drain());
    const { rows } = await db.admin.query<{ stream: string; n: number }>('SELECT stream, count(*)::int AS n FROM events WHERE connector = $1 AND type = $2 GROUP BY stream', ['rdmany', EventTypes.webhookDeadLettered]);
    expect(rows).toHaveLength(25);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    expect(runs.flat().filter((d) => d.verdict === 'recorded')).toHaveLength(25);
    expect(await inDlq(queue)).toBe(0);
  });
});
