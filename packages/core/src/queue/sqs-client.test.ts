import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it, vi } from 'vitest';
import { testQueuePrefix } from '../../../../test/support/test-database.js';
import { createSqsClient, sendAbortable } from './sqs-client.js';

const prefix = testQueuePrefix('sqsclient');

/** A client of its own and an empty queue, both gone afterwards. */
async function withQueue(name: string, test: (sqs: SQSClient, queueUrl: string) => Promise<void>): Promise<void> {
  const sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
  const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}${name}` }));
  try {
    await test(sqs, QueueUrl as string);
  } finally {
    await sqs.send(new DeleteQueueCommand({ QueueUrl })).catch(() => undefined);
    sqs.destroy();
  }
}

describe('createSqsClient', () => {
  it('serves other calls while 150 long polls are open (hub up: 15 connectors at a handler limit of 100)', async () => {
    await withQueue('idle', async (sqs, QueueUrl) => {
      const abort = new AbortController();
      try {
        // An empty queue: every poll holds its socket for its whole wait.
        const polls = Array.from({ length: 150 }, () => {
          const receive = new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 });
          return sendAbortable(abort.signal, sqs, receive, (options) => sqs.send(receive, options)).catch(() => undefined);
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        // With 64 sockets this waited for a free one past the 3 s connection timeout and failed.
        const created = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}other` }));
        expect(created.QueueUrl).toContain(`${prefix}other`);
        abort.abort();
        await Promise.all(polls);
        await sqs.send(new DeleteQueueCommand({ QueueUrl: created.QueueUrl }));
      } finally {
        abort.abort();
      }
    });
  });

  it('builds the middleware chain of a command class once, also for calls that carry an abort signal', async () => {
    await withQueue('chain', async (sqs, QueueUrl) => {
      const resolve = vi.spyOn(ReceiveMessageCommand.prototype, 'resolveMiddleware');
      try {
        const signal = new AbortController().signal;
        for (let i = 0; i < 3; i += 1) {
          const receive = new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 });
          await sendAbortable(signal, sqs, receive, (options) => sqs.send(receive, options));
        }
        await sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 0 }));
        // Options on send (or no cacheMiddleware) rebuild it every call: 4.
        expect(resolve).toHaveBeenCalledTimes(1);
      } finally {
        resolve.mockRestore();
      }
    });
  });

  it('aborts a long poll sent with sendAbortable when its signal is aborted', async () => {
    await withQueue('abort', async (sqs, QueueUrl) => {
      const abort = new AbortController();
      const receive = new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10 });
      const poll = sendAbortable(abort.signal, sqs, receive, (options) => sqs.send(receive, options));
      await new Promise((resolve) => setTimeout(resolve, 300));
      abort.abort();
      // Not aborted, the empty queue's poll would end after its 10 s wait with no messages.
      await expect(poll).rejects.toMatchObject({ name: 'AbortError' });
    });
  });
});
