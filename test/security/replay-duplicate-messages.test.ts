import { randomBytes } from 'node:crypto';
import { GetQueueUrlCommand, SendMessageBatchCommand } from '@aws-sdk/client-sqs';
import { createSqsClient } from '@hub/core/queue';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from '../support/downstream.js';
import { spawnHubUp, type SpawnedHub } from '../support/spawned-hub.js';
import { sendStripeEvent } from '../support/stripe-webhooks.js';
import { waitFor } from '../support/wait-for.js';

// SQS delivers at least once: a message can come again while a slow handler still runs, and a
// replay's message can arrive beside the original. Extra messages of one event, injected into the
// running hub's queue while its downstream answers slowly, must not make a second call: the
// worker holds the event's lease while it processes, and a finished event is not run again.
const SECRET = 'whsec_duplicate_messages_0123456789';
const ROUNDS = 5;
let downstream: Downstream;
let running: SpawnedHub;

beforeAll(async () => {
  downstream = await startDownstream({ idempotencyKeys: false });
  // Slow but within the hub's deadline: the first handler is still running when the copies arrive.
  downstream.respondWith = () => ({ status: 200, delayMs: 1_200 });
  running = await spawnHubUp(
    'dupmessages',
    [{ name: 'ledger', on: { connector: 'stripe', event: 'payment_intent.succeeded' }, action: { connector: 'http', name: 'post' }, input: `{ "url": "${downstream.url}/ledger", "body": { "hubEventId": $eventId } }` }],
    { STRIPE_WEBHOOK_SECRET: SECRET, HUB_OUTBOUND_TIMEOUT_MS: '5000' },
  );
}, 120_000);
afterAll(async () => {
  await running?.stop();
  await downstream?.close();
});

describe('copies of a queue message while its event is being processed', () => {
  it(`make no second call: one side effect per event at a downstream that does not deduplicate (${ROUNDS} rounds)`, { timeout: 120_000 }, async () => {
    const client = createSqsClient({ region: 'us-east-1', endpoint: running.env.SQS_ENDPOINT });
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: `${running.env.HUB_QUEUE_PREFIX}stripe` }));
    for (let round = 0; round < ROUNDS; round += 1) {
      const eventId = await sendStripeEvent(running.ingressUrl, `evt_dup_${round}_${randomBytes(3).toString('hex')}`, SECRET);
      // A redelivery and a replay-marked copy, as SQS and a replay would bring them.
      await client.send(new SendMessageBatchCommand({ QueueUrl, Entries: [{ Id: 'again', MessageBody: JSON.stringify({ eventId }) }, { Id: 'replay', MessageBody: JSON.stringify({ eventId, replay: true }) }] }));
      await waitFor('the event to be processed', async () => {
        const { rows } = await running.db.admin.query(`SELECT 1 FROM events WHERE stream = $1 AND type = 'webhook.processed'`, [eventId]);
        return rows.length > 0;
      }, 30_000);
      // The copies come back once the lease they found would have run out (5 s here) and find the event finished.
      await new Promise((resolve) => setTimeout(resolve, 6_000));
      expect(downstream.requests.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId)).toHaveLength(1);
      const { rows } = await running.db.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE stream = $1 AND type = 'webhook.processing'`, [eventId]);
      expect(rows[0]?.n).toBe(1);
    }
    client.destroy();
  });
});
