import { GetQueueUrlCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { inject, describe, expect, it } from 'vitest';
import { hubError } from '../errors/index.js';
import { createSqsClient } from './sqs-client.js';
import { isQueueMissing } from './is-queue-missing.js';

describe('isQueueMissing', () => {
  const sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });

  it('recognises what the SQS emulator answers to a send to a queue that does not exist', async () => {
    const url = `${inject('sqsEndpoint')}/000000000000/never-created-${Date.now()}`;
    const err = await sqs.send(new SendMessageBatchCommand({ QueueUrl: url, Entries: [{ Id: '0', MessageBody: '{}' }] })).catch((e: unknown) => e);
    expect(isQueueMissing(err)).toBe(true);
    const lookup = await sqs.send(new GetQueueUrlCommand({ QueueName: `never-created-${Date.now()}` })).catch((e: unknown) => e);
    expect(isQueueMissing(lookup)).toBe(true);
  });

  it('recognises the query protocol code, and nothing else', () => {
    expect(isQueueMissing({ name: 'SqsError', Code: 'AWS.SimpleQueueService.NonExistentQueue' })).toBe(true);
    expect(isQueueMissing({ name: 'AWS.SimpleQueueService.NonExistentQueue' })).toBe(true);
    for (const other of [hubError('HUB_QUEUE_UNAVAILABLE', 'down'), new Error('QueueDoesNotExist'), { name: 'QueueNameExists' }, undefined, null, 'QueueDoesNotExist']) {
      expect(isQueueMissing(other)).toBe(false);
    }
  });
});
