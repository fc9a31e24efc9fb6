import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { SQSClient } from '@aws-sdk/client-sqs';
import { testQueuePrefix } from '../../../../test/support/test-database.js';
import { ConnectorQueues, createSqsClient } from '../queue/index.js';
import type { ClaimedRow } from './outbox-claims.js';
import { sendToQueue } from './send-to-queue.js';

let sqs: SQSClient;
beforeAll(() => {
  sqs = createSqsClient({ region: 'us-east-1', endpoint: inject('sqsEndpoint') });
});
afterAll(() => sqs.destroy());

describe('sendToQueue', () => {
  it("sends a lane's 200 rows in 20 batches at once on one signal without Node's listener-leak warning", async () => {
    const queue = await new ConnectorQueues(sqs, testQueuePrefix('sendq')).get('lane');
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.name);
    process.on('warning', onWarning);
    try {
      const rows: ClaimedRow[] = Array.from({ length: 200 }, (_, i) => ({ id: String(i), event_id: `0190f000-0000-7000-8000-${String(i).padStart(12, '0')}`, replay: false }));
      const result = await sendToQueue(sqs, queue.url, rows, AbortSignal.timeout(10_000));
      expect(result.sent).toHaveLength(200);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
      expect(warnings).not.toContain('MaxListenersExceededWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });
});
