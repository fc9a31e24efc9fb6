import { PurgeQueueCommand, SendMessageBatchCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it, inject } from 'vitest';
import { foldEverything } from '../../../../test/support/fold-rollups.js';
import { createTestDatabase, testQueuePrefix, type TestDatabase } from '../../../../test/support/test-database.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { createPool } from '../db/index.js';
import { claimLeases } from '../event-lease/index.js';
import { EventTypes } from '../event-store/index.js';
import { HubMetrics } from '../metrics/index.js';
import { ConnectorQueues, createSqsClient } from '../queue/index.js';
import { requeueStalled } from './requeue-stalled.js';
import { oldestOverdue } from './stalled-events.js';
import { StallSweeper } from './stall-sweeper.js';

const STALL_MS = 60_000;
let db: TestDatabase;
let sqs: SQSClient;
let queues: ConnectorQueues;

beforeAll(async () => {
  db = await createTestDatabase('sweeper');
  sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
  queues = new ConnectorQueues(sqs, testQueuePrefix('sweeper'));
});
afterAll(async () => {
  sqs.destroy();
  await db.drop();
});

/** A webhook stream whose steps happened `agoMs` ago and later (1 ms apart), as the worker records them. */
async function stream(connector: string, agoMs: number, steps: { type: string; data?: object }[] = []): Promise<string> {
  const start = Date.now() - agoMs;
  const id = uuidv7({ msecs: start });
  const all = [{ type: EventTypes.webhookReceived, data: {} }, ...steps];
  for (const [i, step] of all.entries()) {
    const at = new Date(start + i);
    await db.admin.query('INSERT INTO events (id, stream, connector, type, data, created_at) VALUES ($1, $2, $3, $4, $5, $6)', [
      i === 0 ? id : uuidv7({ msecs: start + i }),
      id,
      connector,
      step.type,
      JSON.stringify(step.data ?? {}),
      at,
    ]);
  }
  // In pending_webhooks now, whatever other test files' transactions do to the sweep's own fold.
  await foldEverything(db.pool);
  return id;
}

const requeues = async (eventId: string) => (await db.admin.query<{ data: { reason: string } }>('SELECT data FROM events WHERE stream = $1 AND type = $2', [eventId, EventTypes.webhookRequeued])).rows.map((r) => r.data);
const outboxRows = async (eventId: string) => (await db.admin.query('SELECT 1 FROM outbox WHERE event_id = $1', [eventId])).rowCount;
const sweeper = (connector: string, metrics?: HubMetrics) => new StallSweeper({ pool: db.pool, queues, connectors: [connector], stallAfterMs: STALL_MS, log: testLogger, ...(metrics ? { metrics } : {}) });

describe('StallSweeper (real PostgreSQL and SQS emulator)', () => {
  it('re-enqueues a queued event whose message is gone, once, and names what it stalled in', async () => {
    const queued = await stream('swq', 2 * STALL_MS);
    const abandoned = await stream('swq', 2 * STALL_MS, [{ type: EventTypes.webhookProcessing }, { type: EventTypes.actionRequested }]);
    const retry = await stream('swq', 3 * STALL_MS, [{ type: EventTypes.webhookProcessing }, { type: EventTypes.webhookFailed, data: { nextAttemptInMs: 1_000 } }]);
    const metrics = new HubMetrics('test');
    const first = await sweeper('swq', metrics).sweep();
    expect(first.map((r) => [r.eventId, r.reason]).sort()).toEqual(
      [
        [queued, 'never_received'],
        [abandoned, 'abandoned'],
        [retry, 'retry_lost'],
      ].sort(),
    );
    expect(first.every((r) => r.stalledForMs >= STALL_MS)).toBe(true);
    for (const id of [queued, abandoned, retry]) {
      expect(await requeues(id)).toHaveLength(1);
      expect(await outboxRows(id)).toBe(1);
    }
    // The outbox row is sent (the relay) and the next sweep finds the events due now, not stalled.
    await db.admin.query('DELETE FROM outbox WHERE event_id = ANY($1::uuid[])', [[queued, abandoned, retry]]);
    expect(await sweeper('swq', metrics).sweep()).toEqual([]);
    expect(await requeues(queued)).toHaveLength(1);
    const text = (await metrics.render()).body;
    expect(text).toContain('hub_sweeper_requeued_total{connector="swq",reason="never_received",service="test"} 1');
    expect(text).toContain('hub_sweeper_requeued_total{connector="swq",reason="retry_lost",service="test"} 1');
  });

  it('leaves events that wait legitimately: a retry or a throttle not due yet, a live lease, the outbox, a recent event', async () => {
    const retryLater = await stream('swwait', 2 * STALL_MS, [{ type: EventTypes.webhookFailed, data: { nextAttemptInMs: 10 * STALL_MS } }]);
    const throttled = await stream('swwait', 2 * STALL_MS, [{ type: EventTypes.webhookProcessing }, { type: EventTypes.actionThrottled, data: { waitMs: 10 * STALL_MS } }]);
    // nextAttemptAt, when recorded, says when; a value that is not a time falls back to the delay in ms.
    const retryAt = await stream('swwait', 2 * STALL_MS, [{ type: EventTypes.webhookFailed, data: { nextAttemptInMs: 1, nextAttemptAt: new Date(Date.now() + STALL_MS).toISOString() } }]);
    const oddAt = await stream('swwait', 2 * STALL_MS, [{ type: EventTypes.actionThrottled, data: { waitMs: 10 * STALL_MS, nextAttemptAt: 'soon' } }]);
    const leased = await stream('swwait', 2 * STALL_MS, [{ type: EventTypes.webhookProcessing }]);
    await claimLeases(db.pool, [{ eventId: leased, holder: 'slow-but-alive' }], 60_000);
    const inOutbox = await stream('swwait', 2 * STALL_MS);
    await db.admin.query(`INSERT INTO outbox (event_id, connector) VALUES ($1, 'swwait')`, [inOutbox]);
    // A worker died mid-call a moment ago: its message comes back a visibility timeout after its lease lapsed.
    const justLapsed = await stream('swwait', 2 * STALL_MS, [{ type: EventTypes.webhookProcessing }]);
    await db.admin.query(`INSERT INTO event_leases (event_id, holder, expires_at) VALUES ($1, 'dead-worker', now() - interval '1 second')`, [justLapsed]);
    const recent = await stream('swwait', STALL_MS / 2);
    const finished = await stream('swwait', 2 * STALL_MS, [{ type: EventTypes.webhookProcessed }]);
    expect(await sweeper('swwait').sweep()).toEqual([]);
    for (const id of [retryLater, throttled, retryAt, oddAt, leased, inOutbox, justLapsed, recent, finished]) expect(await requeues(id)).toEqual([]);
    // Once its lease lapsed longer ago than the threshold, nothing is coming back: it is requeued.
    await db.admin.query(`UPDATE event_leases SET expires_at = now() - interval '2 minutes' WHERE event_id = $1`, [justLapsed]);
    expect((await sweeper('swwait').sweep()).map((r) => [r.eventId, r.reason])).toEqual([[justLapsed, 'abandoned']]);
  });

  it('takes messages visible in the queue as a backlog that may hold the overdue events, and re-enqueues only what they cannot cover', async () => {
    const connector = 'swbacklog';
    const overdue = [await stream(connector, 4 * STALL_MS), await stream(connector, 3 * STALL_MS), await stream(connector, 2 * STALL_MS)];
    const queue = await queues.get(connector);
    const send = (n: number) => sqs.send(new SendMessageBatchCommand({ QueueUrl: queue.url, Entries: Array.from({ length: n }, (_, i) => ({ Id: String(i), MessageBody: JSON.stringify({ eventId: uuidv7() }) })) }));
    await send(3);
    expect(await sweeper(connector).sweep()).toEqual([]);
    // One message fewer than overdue events: one of them has none; the oldest is taken.
    await sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }));
    await send(2);
    expect((await sweeper(connector).sweep()).map((r) => r.eventId)).toEqual([overdue[0]]);
    // Messages of events due within the threshold are theirs, not the overdue ones'.
    await stream(connector, STALL_MS / 2);
    await stream(connector, STALL_MS / 2);
    expect((await sweeper(connector).sweep()).map((r) => r.eventId)).toEqual(overdue.slice(1));
    await sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }));
  });

  it('six sweepers holding the same candidates re-enqueue each stalled event once (SKIP LOCKED, the event lease and the fresh read, without the advisory lock)', async () => {
    const connector = 'swrace';
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => stream(connector, 2 * STALL_MS + i)));
    const other = createPool({ url: db.url, schema: db.schema, appRole: 'hub_app', max: 4 });
    // Every sweeper read the same candidates before any of them acted.
    const candidates = await oldestOverdue(db.pool, connector, STALL_MS, 500);
    expect(candidates).toHaveLength(40);
    try {
      const results = await Promise.all([
        ...Array.from({ length: 3 }, () => requeueStalled(db.pool, connector, candidates, STALL_MS)),
        ...Array.from({ length: 3 }, () => requeueStalled(other, connector, candidates, STALL_MS)),
      ]);
      const all = results.flat().map((r) => r.eventId);
      expect(all.sort()).toEqual([...ids].sort());
      const { rows } = await db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM events WHERE connector = $1 AND type = $2', [connector, EventTypes.webhookRequeued]);
      expect(rows[0]?.n).toBe(40);
      const outbox = await db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE connector = $1', [connector]);
      expect(outbox.rows[0]?.n).toBe(40);
      // A sweeper that read them before the others acted, and comes after they committed: nothing is locked any more, the fresh read stops it.
      expect(await requeueStalled(other, connector, candidates, STALL_MS)).toEqual([]);
    } finally {
      await other.end();
    }
  });
});
