import { CreateQueueCommand, DeleteQueueCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, inject, it } from 'vitest';
import { testQueuePrefix } from '../../../../test/support/test-database.js';
import { createSqsClient } from './sqs-client.js';

describe('createSqsClient', () => {
  it('serves other calls while 150 long polls are open (hub up: 15 connectors at a handler limit of 100)', async () => {
    const sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
    const prefix = testQueuePrefix('sqsclient');
    const { QueueUrl } = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}idle` }));
    const abort = new AbortController();
    try {
      // An empty queue: every poll holds its socket for its whole wait.
      const polls = Array.from({ length: 150 }, () =>
        sqs.send(new ReceiveMessageCommand({ QueueUrl, WaitTimeSeconds: 10, MaxNumberOfMessages: 10 }), { abortSignal: abort.signal }).catch(() => undefined),
      );
      await new Promise((resolve) => setTimeout(resolve, 500));
      // With 64 sockets this waited for a free one past the 3 s connection timeout and failed.
      const created = await sqs.send(new CreateQueueCommand({ QueueName: `${prefix}other` }));
      expect(created.QueueUrl).toContain(`${prefix}other`);
      abort.abort();
      await Promise.all(polls);
      await sqs.send(new DeleteQueueCommand({ QueueUrl: created.QueueUrl }));
    } finally {
      abort.abort();
      await sqs.send(new DeleteQueueCommand({ QueueUrl })).catch(() => undefined);
      sqs.destroy();
    }
  });
});
