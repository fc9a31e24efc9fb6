import { randomUUID } from 'node:crypto';
import { DeleteMessageBatchCommand, ReceiveMessageCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { HubMetrics } from '@hub/core/metrics';
import { OutboxRelay } from '@hub/core/outbox';
import { ConnectorQueues, createSqsClient, queueDepth } from '@hub/core/queue';
import { insertOutboxRows } from './support/outbox-rows.js';
import { testLogger } from './support/silent-logger.js';
import { startStallingProxy } from './support/stalling-proxy.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

// Rows go straight into the outbox for connectors no worker consumes: the test plays the worker,
// taking messages from the queue itself, so the queue's depth is whatever the relay left there.
let hub: TestHub;
const relays: OutboxRelay[] = [];

beforeAll(async () => {
  hub = await startTestHub({ label: 'relaydepth', workerConnectors: [], relay: false });
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.stop()));
});
afterAll(async () => {
  await hub.stop();
});

function startRelay(maxQueueDepth: number, metrics?: HubMetrics): void {
  const relay = new OutboxRelay({ pool: hub.resources.pool, queues: hub.resources.queues, log: testLogger, metrics, pollIntervalMs: 50, holdRecheckMs: 50, batchSize: 40, maxQueueDepth });
  relays.push(relay);
  void relay.start();
}

const outboxRows = (connector: string, n: number) => insertOutboxRows(hub.db.admin, connector, n);

const inOutbox = async (connector: string) => (await hub.db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE connector = $1', [connector])).rows[0]?.n ?? 0;
const waiting = async (connector: string) => (await queueDepth(hub.resources.sqs, (await hub.resources.queues.get(connector)).url)).visible;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Takes (receives and deletes) up to `n` messages, as a worker would; answers their event ids. */
async function take(connector: string, n: number): Promise<string[]> {
  const { url } = await hub.resources.queues.get(connector);
  const taken: string[] = [];
  while (taken.length < n) {
    const out = await hub.resources.sqs.send(new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: Math.min(10, n - taken.length), WaitTimeSeconds: 0 }));
    if (!out.Messages?.length) break;
    for (const m of out.Messages) taken.push((JSON.parse(m.Body ?? '{}') as { eventId: string }).eventId);
    await hub.resources.sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries: out.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })) }));
  }
  return taken;
}

async function held(metrics: HubMetrics, connector: string): Promise<number | undefined> {
  return (await metrics.outboxRelayHeld.get()).values.find((v) => v.labels.connector === connector)?.value;
}

describe('outbox relay depth bound (HUB_RELAY_MAX_QUEUE_DEPTH)', () => {
  it('sends a connector no more than its queue has room for, keeps the rest in the outbox, and follows as messages are taken: each row once', async () => {
    const ids = await outboxRows('depthbound', 70);
    const metrics = new HubMetrics('relay-depth-test');
    startRelay(20, metrics);

    await waitFor('the queue to fill to its bound', async () => (await waiting('depthbound')) === 20);
    await sleep(500); // ten rechecks: the relay must still hold
    expect(await waiting('depthbound')).toBe(20);
    expect(await inOutbox('depthbound')).toBe(50);
    expect(await held(metrics, 'depthbound')).toBe(1);

    // A worker takes 15: the relay tops the queue up to its bound again, no further.
    const received = await take('depthbound', 15);
    await waitFor('the relay to top the queue up', async () => (await inOutbox('depthbound')) === 35);
    await sleep(300);
    expect(await waiting('depthbound')).toBe(20);

    // The rest, taken as they come; the queue never holds more than its bound.
    let deepest = 0;
    await waitFor('every row to reach the queue and be taken', async () => {
      deepest = Math.max(deepest, await waiting('depthbound'));
      received.push(...(await take('depthbound', 10)));
      return received.length >= 70 && (await inOutbox('depthbound')) === 0;
    });
    expect(deepest).toBeLessThanOrEqual(20);
    expect(received.sort()).toEqual([...ids].sort());
    await waitFor('the lane to report it holds nothing back', async () => (await held(metrics, 'depthbound')) === 0);
  });

  it('without a bound (0) the relay sends the whole outbox at once', async () => {
    await outboxRows('depthfree', 70);
    startRelay(0);
    await waitFor('the outbox to empty', async () => (await inOutbox('depthfree')) === 0);
    expect(await waiting('depthfree')).toBe(70);
  });

  it("does not count delayed messages (a worker's retries): a failing route's retries never hold back new events", async () => {
    const { url } = await hub.resources.queues.get('depthdelayed');
    const retries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), MessageBody: JSON.stringify({ eventId: randomUUID() }), DelaySeconds: 600 }));
    await hub.resources.sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: retries }));
    await outboxRows('depthdelayed', 30);
    startRelay(25);
    await waitFor('the relay to fill the queue to its bound', async () => (await inOutbox('depthdelayed')) === 5);
    await sleep(300);
    expect(await inOutbox('depthdelayed')).toBe(5);
    const depth = await queueDepth(hub.resources.sqs, url);
    expect({ visible: depth.visible, delayed: depth.delayed }).toEqual({ visible: 25, delayed: 10 });
  });

  it('a queue that stops answering cannot hang a held lane: its depth read is cut off at half the lease, like the sends', async () => {
    // The relay reaches the emulator through a proxy that can stop passing bytes; the test reads and takes directly.
    const proxy = await startStallingProxy(new URL(inject('sqsEndpoint')));
    try {
      // The queue exists before the relay looks (its ConnectorQueues then finds it rather than racing to create it).
      await hub.resources.queues.get('depthstall');
      const queues = new ConnectorQueues(createSqsClient({ region: 'us-east-1', endpoint: proxy.url }), hub.resources.queues.prefix);
      const ids = await outboxRows('depthstall', 30);
      const metrics = new HubMetrics('relay-depth-stall-test');
      const relay = new OutboxRelay({ pool: hub.resources.pool, queues, log: testLogger, metrics, pollIntervalMs: 50, holdRecheckMs: 50, batchSize: 40, maxQueueDepth: 20, leaseMs: 2_000, backoff: { baseDelayMs: 100, maxDelayMs: 500 } });
      relays.push(relay);
      void relay.start();
      await waitFor('the queue to fill to its bound', async () => (await waiting('depthstall')) === 20);

      // Held, the lane reads the depth every 50 ms. Stalled, that read is cut off after 1 s, the
      // send after 1 s more, and the queue is reported unavailable; an uncut read would wait for
      // the SQS client's 30 s request timeout, past this wait.
      proxy.stall();
      await waitFor('the lane to report its queue unavailable', async () => (await metrics.outboxQueueUnavailable.get()).values.some((v) => v.labels.connector === 'depthstall' && v.value === 1), 10_000);

      proxy.resume();
      const received: string[] = [];
      await waitFor('every row to reach the queue and be taken', async () => {
        received.push(...(await take('depthstall', 10)));
        return received.length >= 30 && (await inOutbox('depthstall')) === 0;
      }, 20_000);
      expect([...new Set(received)].sort()).toEqual([...ids].sort());
    } finally {
      await proxy.close();
    }
  });
});
