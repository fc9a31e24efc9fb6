import type { SQSClient } from '@aws-sdk/client-sqs';
import { threadId } from 'node:worker_threads';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createLogger, type Logger } from '../logger/index.js';
import { messagesIn as queueMessages, sendMany as sendAll } from '../../../../test/support/queue-messages.js';
import { testLogger } from '../../../../test/support/silent-logger.js';
import { testQueuePrefix } from '../../../../test/support/test-database.js';
import { waitFor } from '../../../../test/support/wait-for.js';
import { ConnectorQueues, ThreadedQueueConsumers, createSqsClient, type ConnectorQueue, type MessageOutcome, type ReceivedMessage, type ThreadedQueue } from './index.js';

let sqs: SQSClient;
let prefix: string;
let queueCount = 0;
const running: ThreadedQueueConsumers[] = [];
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

beforeAll(() => {
  sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
  prefix = testQueuePrefix('threaded');
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((c) => c.stop()));
});
afterAll(() => {
  sqs.destroy();
});

async function newQueue(visibilityTimeoutSeconds = 30): Promise<ConnectorQueue> {
  queueCount += 1;
  return new ConnectorQueues(sqs, prefix, { maxReceiveCount: 10, visibilityTimeoutSeconds }).get(`t${queueCount}`);
}

const sendMany = (queueUrl: string, bodies: string[]) => sendAll(sqs, queueUrl, bodies);
const messagesIn = (queueUrl: string) => queueMessages(sqs, queueUrl, { delayed: true });

/** A logger whose lines the test reads. */
function capturingLogger(): { log: Logger; lines: { level: number; msg: string; err?: { message?: string } }[] } {
  const lines: { level: number; msg: string }[] = [];
  const log = createLogger({ service: 'test', level: 'debug', destination: { write: (line: string) => lines.push(JSON.parse(line) as { level: number; msg: string }) } });
  return { log, lines };
}

function consume(queues: ThreadedQueue[], onFailure: (err: Error) => void = (err) => expect.fail(`thread failed: ${err.message}`)): ThreadedQueueConsumers {
  const consumers = new ThreadedQueueConsumers({ region: 'us-east-1', endpoint: inject('sqsEndpoint') }, queues, onFailure);
  running.push(consumers);
  consumers.start();
  return consumers;
}

const queueOf = (queue: ConnectorQueue, concurrency: number, handle: (m: ReceivedMessage) => Promise<MessageOutcome>, log: Logger = testLogger, visibilityTimeoutSeconds = 30): ThreadedQueue => ({
  queueUrl: queue.url,
  concurrency,
  visibilityTimeoutSeconds,
  waitTimeSeconds: 1,
  handle,
  log,
});

describe('ThreadedQueueConsumers', () => {
  it('runs each handler on the calling thread within its queue\'s limit (two queues, one thread), and deletes what was handled', async () => {
    const [a, b] = [await newQueue(), await newQueue()];
    await sendMany(a.url, Array.from({ length: 25 }, (_, i) => `a${i}`));
    await sendMany(b.url, Array.from({ length: 5 }, (_, i) => `b${i}`));
    const handled: string[] = [];
    const threads = new Set<number>();
    let active = 0;
    let most = 0;
    const handle = async (message: ReceivedMessage): Promise<MessageOutcome> => {
      threads.add(threadId);
      active += 1;
      most = Math.max(most, active);
      await sleep(50);
      active -= 1;
      handled.push(message.body);
      expect(message.receiveCount).toBe(1);
      return { kind: 'delete' };
    };
    consume([queueOf(a, 4, handle), queueOf(b, 2, handle)]);

    await waitFor('30 messages handled', () => handled.length >= 30, 20_000);
    await waitFor('both queues empty', async () => (await messagesIn(a.url)) + (await messagesIn(b.url)) === 0, 10_000);
    expect([...threads]).toEqual([threadId]);
    expect(most).toBeLessThanOrEqual(6);
    expect(new Set(handled).size).toBe(30);
  });

  it('a retry outcome sends the message again after its delay; it is handled again with the same body', async () => {
    const queue = await newQueue();
    await sendMany(queue.url, ['again']);
    const seen: number[] = [];
    consume([
      queueOf(queue, 2, async () => {
        seen.push(Date.now());
        return seen.length === 1 ? { kind: 'retry', delaySeconds: 1 } : { kind: 'delete' };
      }),
    ]);
    await waitFor('handled twice', () => seen.length >= 2, 15_000);
    expect(seen[1]! - seen[0]!).toBeGreaterThanOrEqual(900);
    await waitFor('the queue empty', async () => (await messagesIn(queue.url)) === 0, 10_000);
  });

  it('a handler that throws leaves its message for redelivery, and the thread logs it through the main logger', async () => {
    const queue = await newQueue(1);
    await sendMany(queue.url, ['flaky']);
    const { log, lines } = capturingLogger();
    const counts: number[] = [];
    consume([
      queueOf(
        queue,
        1,
        async (message) => {
          counts.push(message.receiveCount);
          if (counts.length === 1) throw Object.assign(new Error('database unreachable'), { code: 'ECONNREFUSED' });
          return { kind: 'delete' };
        },
        log,
        1,
      ),
    ]);
    await waitFor('redelivered and handled', () => counts.length >= 2, 15_000);
    expect(counts.slice(0, 2)).toEqual([1, 2]);
    const failure = lines.find((l) => l.msg === 'message handling failed; it will be redelivered');
    expect(failure?.level).toBe(50);
    expect(failure?.err?.message).toBe('database unreachable');
  });

  it('stop() waits for a running handler and its delete, then the thread ends', async () => {
    const queue = await newQueue();
    await sendMany(queue.url, ['slow']);
    let finished = false;
    let started = false;
    const consumers = consume([
      queueOf(queue, 1, async () => {
        started = true;
        await sleep(800);
        finished = true;
        return { kind: 'delete' };
      }),
    ]);
    await waitFor('the handler running', () => started, 10_000);
    await consumers.stop();
    expect(finished).toBe(true);
    expect(await messagesIn(queue.url)).toBe(0);
  });

  it('keeps extending visibility from its own thread while a handler blocks the main thread past the timeout', async () => {
    const queue = await newQueue(2);
    await sendMany(queue.url, ['busy']);
    const receiveCounts: number[] = [];
    consume([
      queueOf(
        queue,
        5,
        async (message) => {
          receiveCounts.push(message.receiveCount);
          // CPU-bound work that never yields: on one thread, no visibility extension could be sent meanwhile.
          const until = Date.now() + 4_500;
          while (Date.now() < until) {
            /* busy */
          }
          return { kind: 'delete' };
        },
        testLogger,
        2,
      ),
    ]);
    await waitFor('the message deleted', async () => receiveCounts.length > 0 && (await messagesIn(queue.url)) === 0, 20_000);
    await sleep(2_500); // past another visibility timeout: a missed extension would have redelivered it by now
    expect(receiveCounts).toEqual([1]);
  });

  it('reports a thread that dies to onFailure', async () => {
    const queue = await newQueue();
    const failures: Error[] = [];
    const consumers = new ThreadedQueueConsumers(
      { region: 'us-east-1', endpoint: inject('sqsEndpoint') },
      [queueOf(queue, 1, async () => ({ kind: 'delete' }))],
      (err) => failures.push(err),
      new URL('../../../../test/support/failing-thread.mjs', import.meta.url),
    );
    consumers.start();
    await waitFor('the failure reported', () => failures.length > 0, 10_000);
    await sleep(200);
    expect(failures.map((f) => f.message)).toEqual(['the consumer thread failed on purpose']);
    await consumers.stop();
  });
});
