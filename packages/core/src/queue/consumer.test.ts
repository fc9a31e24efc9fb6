import { GetQueueAttributesCommand, ReceiveMessageCommand, SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { testQueuePrefix } from '../../../../test/support/test-database.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { ConnectorQueues, QueueConsumer, createSqsClient, type ConnectorQueue, type ConsumerOptions } from './index.js';

let sqs: SQSClient;
let prefix: string;
let queueCount = 0;
const consumers: QueueConsumer[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => {
  sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
  prefix = testQueuePrefix('consumer');
});
afterEach(async () => {
  await Promise.all(consumers.splice(0).map((c) => c.stop()));
});
afterAll(() => {
  sqs.destroy();
});

/** A queue + DLQ of the test's own. */
async function newQueue(visibilityTimeoutSeconds = 30): Promise<ConnectorQueue> {
  queueCount += 1;
  return new ConnectorQueues(sqs, prefix, { maxReceiveCount: 10, visibilityTimeoutSeconds }).get(`q${queueCount}`);
}

async function sendMany(queueUrl: string, bodies: string[]): Promise<void> {
  for (let i = 0; i < bodies.length; i += 10) {
    const Entries = bodies.slice(i, i + 10).map((MessageBody, j) => ({ Id: String(j), MessageBody }));
    await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries }));
  }
}

async function messagesIn(queueUrl: string): Promise<number> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(out.Attributes?.ApproximateNumberOfMessages ?? 0) + Number(out.Attributes?.ApproximateNumberOfMessagesNotVisible ?? 0);
}

function consume(queue: ConnectorQueue, options: Pick<ConsumerOptions, 'concurrency' | 'handle'> & { visibilityTimeoutSeconds?: number }): QueueConsumer {
  const consumer = new QueueConsumer({ sqs, queueUrl: queue.url, dlqUrl: queue.dlqUrl, visibilityTimeoutSeconds: 30, waitTimeSeconds: 1, log: testLogger, ...options });
  consumers.push(consumer);
  consumer.start();
  return consumer;
}

/** Handles every message after `ms`, recording how many ran at once. */
function countingHandler(ms: number) {
  const stats = { active: 0, most: 0, handled: [] as string[] };
  const handle = async (message: { body: string }) => {
    stats.active += 1;
    stats.most = Math.max(stats.most, stats.active);
    await sleep(ms);
    stats.active -= 1;
    stats.handled.push(message.body);
    return { kind: 'delete' as const };
  };
  return { stats, handle };
}

describe('QueueConsumer', () => {
  it('never runs more than `concurrency` handlers at once, and deletes each message once handled', async () => {
    const queue = await newQueue();
    const bodies = Array.from({ length: 30 }, (_, i) => `m${i}`);
    await sendMany(queue.url, bodies);
    const { stats, handle } = countingHandler(100);
    consume(queue, { concurrency: 3, handle });

    await waitFor('30 messages handled', () => stats.handled.length >= 30, 25_000);
    await waitFor('the queue to be empty', async () => (await messagesIn(queue.url)) === 0, 10_000);
    expect(stats.most).toBe(3);
    expect([...stats.handled].sort()).toEqual([...bodies].sort());
  });

  it('never runs more than `concurrency` handlers at once with several pollers (concurrency 15)', async () => {
    const queue = await newQueue();
    await sendMany(queue.url, Array.from({ length: 40 }, (_, i) => `m${i}`));
    const { stats, handle } = countingHandler(300);
    consume(queue, { concurrency: 15, handle });
    await waitFor('40 messages handled', () => stats.handled.length >= 40, 25_000);
    expect(stats.most).toBeLessThanOrEqual(15);
  });

  it('keeps a message from being redelivered while its handler runs past the visibility timeout', async () => {
    const queue = await newQueue(2);
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'slow' }));
    const receiveCounts: number[] = [];
    consume(queue, {
      concurrency: 5,
      visibilityTimeoutSeconds: 2,
      handle: async (message) => {
        receiveCounts.push(message.receiveCount);
        await sleep(4_500);
        return { kind: 'delete' };
      },
    });
    await waitFor('the message to be deleted', async () => receiveCounts.length > 0 && (await messagesIn(queue.url)) === 0, 20_000);
    await sleep(2_500); // past another visibility timeout: a missed extension would have redelivered it by now
    expect(receiveCounts).toEqual([1]);
  });

  it('delivers a message again after the delay of a retry outcome', async () => {
    const queue = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'flaky' }));
    const receiveCounts: number[] = [];
    consume(queue, {
      concurrency: 2,
      handle: async (message) => {
        receiveCounts.push(message.receiveCount);
        return message.receiveCount === 1 ? { kind: 'retry', delaySeconds: 1 } : { kind: 'delete' };
      },
    });
    await waitFor('the retried delivery', () => receiveCounts.length >= 2, 20_000);
    await waitFor('the queue to be empty', async () => (await messagesIn(queue.url)) === 0, 10_000);
    expect(receiveCounts).toEqual([1, 2]);
  });

  it('moves a message to the DLQ at once on a dead_letter outcome', async () => {
    const queue = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: '{"poison":true}' }));
    let calls = 0;
    consume(queue, {
      concurrency: 2,
      handle: async () => {
        calls += 1;
        return { kind: 'dead_letter' };
      },
    });
    const dead = await waitFor(
      'the message in the DLQ',
      async () => (await sqs.send(new ReceiveMessageCommand({ QueueUrl: queue.dlqUrl, WaitTimeSeconds: 1, MaxNumberOfMessages: 10 }))).Messages,
      20_000,
    );
    expect(dead.map((m) => m.Body)).toEqual(['{"poison":true}']);
    await waitFor('the main queue to be empty', async () => (await messagesIn(queue.url)) === 0, 10_000);
    expect(calls).toBe(1);
  });

  it('stop() waits for a running handler to finish and its message to be deleted', async () => {
    const queue = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'drain-me' }));
    let started = false;
    let finished = false;
    const consumer = consume(queue, {
      concurrency: 1,
      handle: async () => {
        started = true;
        await sleep(1_500);
        finished = true;
        return { kind: 'delete' };
      },
    });
    await waitFor('the handler to start', () => started, 20_000);
    await consumer.stop();
    expect(finished).toBe(true);
    expect(consumer.inFlight).toBe(0);
    expect(await messagesIn(queue.url)).toBe(0);
  });

  it('pauses polling when a handler asks (an open circuit): later messages wait in the queue', async () => {
    const queue = await newQueue();
    const seen: { body: string; at: number }[] = [];
    let pausedAt = 0;
    consume(queue, {
      concurrency: 1,
      handle: async (message) => {
        seen.push({ body: message.body, at: Date.now() });
        if (message.body === 'first') {
          pausedAt = Date.now();
          return { kind: 'retry', delaySeconds: 5, pauseConsumerMs: 1_500 };
        }
        return { kind: 'delete' };
      },
    });
    await sendMany(queue.url, ['first']);
    await waitFor('the first message', () => pausedAt > 0);
    await sendMany(queue.url, ['second']);
    await waitFor('the second message after the pause', () => seen.some((s) => s.body === 'second'), 15_000);
    const second = seen.find((s) => s.body === 'second') as { at: number };
    expect(second.at - pausedAt).toBeGreaterThanOrEqual(1_500);
  });
});
