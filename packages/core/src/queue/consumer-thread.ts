// The SQS side of a worker's queue consumers, run on a thread of its own by ThreadedQueueConsumers:
// receives, visibility extensions, deletes and resends happen here; each message's handler runs
// on the main thread, asked over the thread's port.
import { parentPort, workerData } from 'node:worker_threads';
import { hubError } from '../errors/index.js';
import { QueueConsumer, type MessageOutcome, type ReceivedMessage } from './consumer.js';
import { batchedPoster, forwardingLogger, fromPlainError, type ConsumerThreadData, type FromConsumerThread, type HandleRequest, type ToConsumerThread } from './consumer-thread-protocol.js';
import { createSqsClient } from './sqs-client.js';

const port = parentPort;
if (!port) throw hubError('HUB_INTERNAL', 'consumer-thread runs as a worker thread (ThreadedQueueConsumers starts it)');
const data = workerData as ConsumerThreadData;
const post = (message: FromConsumerThread) => port.postMessage(message);

const sqs = createSqsClient(data.sqs);
const waiting = new Map<number, { resolve(outcome: MessageOutcome): void; reject(err: Error): void }>();
let nextId = 0;
const requestHandling = batchedPoster<HandleRequest>((items) => post({ kind: 'handle', items }));

const consumers = data.queues.map(
  (spec, queue) =>
    new QueueConsumer(
      Object.assign({}, spec, {
        sqs,
        log: forwardingLogger(post, queue),
        handle: (message: ReceivedMessage) =>
          new Promise<MessageOutcome>((resolve, reject) => {
            const id = nextId++;
            waiting.set(id, { resolve, reject });
            requestHandling({ queue, id, message });
          }),
      }),
    ),
);

port.on('message', (message: ToConsumerThread) => {
  if (message.kind === 'stop') {
    // Closing the port and the client leaves the thread nothing to wait for: it ends, and stop() returns.
    void Promise.all(consumers.map((c) => c.stop())).then(() => {
      sqs.destroy();
      port.close();
    });
    return;
  }
  for (const settled of message.items) {
    const handler = waiting.get(settled.id);
    if (!handler) continue;
    waiting.delete(settled.id);
    if ('outcome' in settled) handler.resolve(settled.outcome);
    else handler.reject(fromPlainError(settled.error));
  }
});

for (const consumer of consumers) consumer.start();
