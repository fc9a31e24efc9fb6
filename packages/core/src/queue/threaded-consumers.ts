import { Worker } from 'node:worker_threads';
import type { Logger } from '../logger/index.js';
import type { MessageOutcome, ReceivedMessage } from './consumer.js';
import { batchedPoster, toPlainError, type ConsumerThreadData, type FromConsumerThread, type Settled, type ThreadedQueueSpec, type ToConsumerThread } from './consumer-thread-protocol.js';
import type { SqsClientOptions } from './sqs-client.js';

// The thread runs the built file: from src (tests under vitest) that is the package's dist.
const THREAD = new URL(import.meta.url.includes('/src/queue/') ? '../../dist/queue/consumer-thread.js' : './consumer-thread.js', import.meta.url);

/**
 * A thread inherits the process's Node flags, except that the `--conditions` pointing workspace
 * packages at their TypeScript sources (vitest's) must not reach it: the thread runs built files,
 * which Node cannot load by way of `.ts`. Only then are the flags given explicitly (Node refuses
 * some flags, a heap size among them, when they are given to a thread rather than inherited).
 */
function threadExecArgv(): string[] | undefined {
  const argv = process.execArgv;
  const isConditions = (flag: string) => flag === '--conditions' || flag === '-C' || flag.startsWith('--conditions=') || flag.startsWith('-C=');
  if (!argv.some(isConditions)) return undefined;
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i]!;
    if (flag === '--conditions' || flag === '-C') i += 1;
    else if (!isConditions(flag)) kept.push(flag);
  }
  return kept;
}

export interface ThreadedQueue extends ThreadedQueueSpec {
  handle(message: ReceivedMessage): Promise<MessageOutcome>;
  log: Logger;
}

/**
 * QueueConsumers whose SQS calls run on a thread of their own: the AWS SDK's work for a
 * receive, a delete batch or a resend (middleware, signing, serialisation, HTTP: about a sixth of
 * a worker's CPU per message, docs/benchmarks.md) then leaves the thread that runs the handlers.
 * Each message crosses as `{messageId, body, receiveCount}` and its outcome comes back;
 * everything else (slots, visibility, deletes after the outcome, pauses) is QueueConsumer's.
 * A thread that dies is reported to `onFailure`: its queues are no longer consumed.
 */
export class ThreadedQueueConsumers {
  private worker: Worker | undefined;
  /** The thread ends once its consumers stopped (or when it fails). */
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;

  constructor(
    private readonly sqs: SqsClientOptions,
    private readonly queues: readonly ThreadedQueue[],
    private readonly onFailure: (err: Error) => void,
    /** The thread's script (tests give one that fails). */
    private readonly threadFile: URL = THREAD,
  ) {}

  start(): void {
    if (this.worker) return;
    const data: ConsumerThreadData = { sqs: this.sqs, queues: this.queues.map(({ queueUrl, concurrency, visibilityTimeoutSeconds, waitTimeSeconds }) => ({ queueUrl, concurrency, visibilityTimeoutSeconds, ...(waitTimeSeconds === undefined ? {} : { waitTimeSeconds }) })) };
    const execArgv = threadExecArgv();
    const worker = new Worker(this.threadFile, { workerData: data, name: 'sqs-consumers', ...(execArgv ? { execArgv } : {}) });
    this.worker = worker;
    const settle = batchedPoster<Settled>((items) => worker.postMessage({ kind: 'settled', items } satisfies ToConsumerThread));
    this.exited = new Promise((resolve) => worker.once('exit', () => resolve()));
    worker.on('message', (message: FromConsumerThread) => {
      if (message.kind === 'handle') {
        for (const { queue, id, message: received } of message.items) {
          this.queues[queue]!.handle(received).then(
            (outcome) => settle({ id, outcome }),
            (err: unknown) => settle({ id, error: toPlainError(err) }),
          );
        }
      } else {
        this.queues[message.queue]?.log[message.level](message.fields, message.msg);
      }
    });
    // An uncaught error is followed by 'exit': the failure is reported once, with the error.
    let reported = false;
    const fail = (err: Error) => {
      if (this.stopping || reported) return;
      reported = true;
      this.onFailure(err);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`the SQS consumer thread exited (code ${code}); its queues are no longer consumed`)));
  }

  /** Stops polling and waits for running handlers and their deletes (QueueConsumer.stop on each queue), then for the thread to end. */
  async stop(): Promise<void> {
    const worker = this.worker;
    if (!worker) return;
    if (!this.stopping) {
      this.stopping = true;
      worker.postMessage({ kind: 'stop' } satisfies ToConsumerThread);
    }
    await this.exited;
  }
}
