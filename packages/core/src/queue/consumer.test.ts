import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { getEventListeners } from 'node:events';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { messagesIn as queueMessages, sendMany as sendAll } from '../../../../test/support/queue-messages.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { testQueuePrefix } from '../../../../test/support/test-database.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { ConnectorQueues, QueueConsumer, createSqsClient, queueDepth, type ConnectorQueue, type ConsumerOptions } from './index.js';

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

const sendMany = (queueUrl: string, bodies: string[]) => sendAll(sqs, queueUrl, bodies);
const messagesIn = (queueUrl: string) => queueMessages(sqs, queueUrl);

function consume(queue: ConnectorQueue, options: Pick<ConsumerOptions, 'concurrency' | 'handle'> & { visibilityTimeoutSeconds?: number }): QueueConsumer {
  const consumer = new QueueConsumer({ sqs, queueUrl: queue.url, visibilityTimeoutSeconds: 30, waitTimeSeconds: 1, log: testLogger, ...options });
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

  it('under load asks SQS for full batches: a receive waits for a tenth of the slots (10 of 100), not the next free one', async () => {
    const queue = await newQueue();
    await sendMany(queue.url, Array.from({ length: 300 }, (_, i) => `m${i}`));
    // A client of its own that records how many messages each receive asked for.
    const recording = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
    const asked: number[] = [];
    recording.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'ReceiveMessageCommand') asked.push((args.input as { MaxNumberOfMessages: number }).MaxNumberOfMessages);
        return next(args);
      },
      { step: 'initialize', name: 'recordAsked' },
    );
    // Handlers that finish one at a time, as under load (20–80 ms each).
    const { stats, handle } = countingHandler(0);
    const staggered = async (message: { body: string }) => {
      await sleep(20 + Math.floor(Math.random() * 60));
      return handle(message);
    };
    const consumer = new QueueConsumer({ sqs: recording, queueUrl: queue.url, visibilityTimeoutSeconds: 30, waitTimeSeconds: 1, log: testLogger, concurrency: 100, handle: staggered });
    consumer.start();
    try {
      await waitFor('300 messages handled', () => stats.handled.length >= 300, 25_000);
      expect(new Set(stats.handled).size).toBe(300);
      expect(asked.length).toBeGreaterThanOrEqual(30);
      expect(asked.filter((n) => n !== 10)).toEqual([]);
    } finally {
      await consumer.stop();
      recording.destroy();
    }
  });

  it('a connector of few slots refills them one by one (concurrency 5: a receive per free slot)', async () => {
    const queue = await newQueue();
    await sendMany(queue.url, Array.from({ length: 12 }, (_, i) => `m${i}`));
    // One message never finishes until released: the other slots must not wait for it.
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const { stats, handle } = countingHandler(30);
    const withOneHeld = async (message: { body: string }) => {
      if (message.body === 'm0') await held;
      return handle(message);
    };
    consume(queue, { concurrency: 5, handle: withOneHeld });
    try {
      await waitFor('the 11 others handled while m0 is held', () => stats.handled.length >= 11, 20_000);
      expect(stats.handled).not.toContain('m0');
    } finally {
      release();
    }
    await waitFor('m0 handled once released', () => stats.handled.includes('m0'), 10_000);
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

  it('delivers a message again after the delay of a retry outcome, as a new message: no receive is used', async () => {
    const queue = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'flaky' }));
    const seen: { receiveCount: number; at: number }[] = [];
    consume(queue, {
      concurrency: 2,
      handle: async (message) => {
        seen.push({ receiveCount: message.receiveCount, at: Date.now() });
        return seen.length === 1 ? { kind: 'retry', delaySeconds: 2 } : { kind: 'delete' };
      },
    });
    await waitFor('the retried delivery', () => seen.length >= 2, 20_000);
    await waitFor('the queue to be empty', async () => (await messagesIn(queue.url)) === 0, 10_000);
    expect(seen.map((s) => s.receiveCount)).toEqual([1, 1]);
    expect((seen[1]?.at ?? 0) - (seen[0]?.at ?? 0)).toBeGreaterThanOrEqual(1_900);
  });

  it('a message that waits more times than maxReceiveCount never reaches the DLQ', async () => {
    queueCount += 1;
    const queue = await new ConnectorQueues(sqs, prefix, { maxReceiveCount: 2, visibilityTimeoutSeconds: 30 }).get(`q${queueCount}`);
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'patient' }));
    const receiveCounts: number[] = [];
    consume(queue, {
      concurrency: 1,
      handle: async (message) => {
        receiveCounts.push(message.receiveCount);
        return receiveCounts.length < 6 ? { kind: 'retry', delaySeconds: 0 } : { kind: 'delete' };
      },
    });
    await waitFor('six deliveries', () => receiveCounts.length >= 6, 20_000);
    await waitFor('the queue to be empty', async () => (await messagesIn(queue.url)) === 0, 10_000);
    expect(receiveCounts).toEqual([1, 1, 1, 1, 1, 1]);
    expect(await messagesIn(queue.dlqUrl)).toBe(0);
  });

  it('a message sent for a wait past 15 minutes is handed on, not handled, until its HubNotBefore', async () => {
    const queue = await newQueue();
    const notBefore = Date.now() + 3_000;
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'later', MessageAttributes: { HubNotBefore: { DataType: 'Number', StringValue: String(notBefore) } } }));
    const handledAt: number[] = [];
    consume(queue, {
      concurrency: 1,
      handle: async () => {
        handledAt.push(Date.now());
        return { kind: 'delete' };
      },
    });
    await waitFor('the message handled', () => handledAt.length > 0, 20_000);
    await waitFor('the queue to be empty', async () => (await messagesIn(queue.url)) === 0, 10_000);
    expect(handledAt).toHaveLength(1);
    // Sent on with a whole-second delay; it may come back within the last second.
    expect(handledAt[0]).toBeGreaterThanOrEqual(notBefore - 1_000);
  });

  it('a retry longer than SQS can delay a message waits as a delayed message, not in flight', async () => {
    const queue = await newQueue();
    await sqs.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'next-hour' }));
    let calls = 0;
    consume(queue, {
      concurrency: 1,
      handle: async () => {
        calls += 1;
        return { kind: 'retry', delaySeconds: 3_600 };
      },
    });
    await waitFor('the message delayed', async () => (await queueDepth(sqs, queue.url)).delayed === 1, 20_000);
    expect(await queueDepth(sqs, queue.url)).toEqual({ visible: 0, inFlight: 0, delayed: 1 });
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

  it('a handled message frees its slot before its delete is done: the next handler does not wait for SQS', async () => {
    const queue = await newQueue();
    // A client of its own whose DeleteMessageBatch calls are held 1 s (an SQS that answers slowly).
    const slowDeletes = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
    slowDeletes.middlewareStack.add(
      (next, context) => async (args) => {
        if (context.commandName === 'DeleteMessageBatchCommand') await sleep(1_000);
        const out = await next(args);
        if (context.commandName === 'DeleteMessageBatchCommand') steps.push('delete done');
        return out;
      },
      { step: 'initialize', name: 'slowDeletes' },
    );
    const steps: string[] = [];
    await sendMany(queue.url, ['first', 'second']);
    const consumer = new QueueConsumer({
      sqs: slowDeletes,
      queueUrl: queue.url,
      visibilityTimeoutSeconds: 30,
      waitTimeSeconds: 1,
      log: testLogger,
      concurrency: 1,
      handle: async (message) => {
        steps.push(`handled ${message.body}`);
        return { kind: 'delete' };
      },
    });
    consumer.start();
    try {
      await waitFor('both messages handled', () => steps.filter((s) => s.startsWith('handled')).length === 2, 20_000);
      // The second handler ran while the first message's delete was still held.
      expect(steps.slice(0, 2).every((s) => s.startsWith('handled'))).toBe(true);
      await consumer.stop();
      // stop() waited for the deletes too: nothing is left to come back.
      expect(steps.filter((s) => s === 'delete done').length).toBeGreaterThanOrEqual(1);
      expect(await messagesIn(queue.url)).toBe(0);
    } finally {
      await consumer.stop();
      slowDeletes.destroy();
    }
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

  it('leaves no listener behind on its stop signal after pauses (an open circuit pauses it again and again)', async () => {
    const queue = await newQueue();
    let handled = 0;
    const consumer = consume(queue, {
      concurrency: 1,
      handle: async () => {
        handled += 1;
        return { kind: 'retry', delaySeconds: 60, pauseConsumerMs: 30 }; // each message pauses the consumer
      },
    });
    await sendMany(queue.url, Array.from({ length: 15 }, (_, i) => `pause ${i}`));
    await waitFor('15 messages, each followed by a pause', () => handled === 15, 15_000);
    await sleep(100);
    const signal = (consumer as unknown as { abort: AbortController }).abort.signal;
    expect(getEventListeners(signal, 'abort').length).toBeLessThanOrEqual(1); // at most the poll in progress
  });
});
