import { CreateQueueCommand, GetQueueAttributesCommand, type SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { testQueuePrefix } from '../../../../test/support/test-database.js';
import { ConnectorQueues, createSqsClient, queueNames } from './index.js';

let sqs: SQSClient;
let prefix: string;

beforeAll(() => {
  sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
  prefix = testQueuePrefix('queues');
});
afterAll(() => {
  sqs.destroy();
});

async function attributesOf(url: string): Promise<Record<string, string>> {
  const out = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['All'] }));
  return out.Attributes ?? {};
}

describe('ConnectorQueues', () => {
  it('creates the queue and its DLQ with the redrive policy when they are missing', async () => {
    const queue = await new ConnectorQueues(sqs, prefix, { maxReceiveCount: 4, visibilityTimeoutSeconds: 45 }).get('fresh');
    const main = await attributesOf(queue.url);
    const dlq = await attributesOf(queue.dlqUrl);
    expect(main.VisibilityTimeout).toBe('45');
    expect(JSON.parse(main.RedrivePolicy ?? '{}')).toMatchObject({ deadLetterTargetArn: dlq.QueueArn });
    expect(Number(JSON.parse(main.RedrivePolicy ?? '{}').maxReceiveCount)).toBe(4);
  });

  it('uses queues provisioned ahead with other attributes as they are (CreateQueue would refuse them)', async () => {
    // As deploy/aws provisions them: the deployment's own visibility and maxReceiveCount.
    const names = queueNames(prefix, 'provisioned');
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: names.dlq }));
    const dlqArn = (await attributesOf(dlq.QueueUrl as string)).QueueArn;
    const main = await sqs.send(
      new CreateQueueCommand({ QueueName: names.main, Attributes: { VisibilityTimeout: '120', RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlqArn, maxReceiveCount: 3 }) } }),
    );

    const queue = await new ConnectorQueues(sqs, prefix, { maxReceiveCount: 10, visibilityTimeoutSeconds: 30 }).get('provisioned');

    expect(queue).toEqual({ connector: 'provisioned', url: main.QueueUrl, dlqUrl: dlq.QueueUrl });
    const attributes = await attributesOf(queue.url);
    expect(attributes.VisibilityTimeout).toBe('120');
    expect(Number(JSON.parse(attributes.RedrivePolicy ?? '{}').maxReceiveCount)).toBe(3);
  });
});
