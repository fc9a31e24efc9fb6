import { randomUUID } from 'node:crypto';
import { CreateQueueCommand, DeleteQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { sign as githubSign } from '@octokit/webhooks-methods';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HubMetrics } from '@hub/core/metrics';
import { OutboxRelay } from '@hub/core/outbox';
import { queueNames } from '@hub/core/queue';
import { settledOutcome } from './support/event-outcomes.js';
import { connectors } from './support/repo-connectors.js';
import { testLogger } from './support/silent-logger.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const STRIPE_SECRET = 'whsec_relay_isolation_0123';
const GITHUB_SECRET = 'github-relay-isolation-0123456789';
let hub: TestHub;
let relay: OutboxRelay | undefined;
let metrics: HubMetrics;
const pushFixture = (connectors.github.fixtures as Readonly<Record<string, object>>).push;

beforeAll(async () => {
  // Both connectors consumed by an in-process worker; the relay is started by each test, with a registry to read.
  hub = await startTestHub({ label: 'relayiso', secrets: { stripe: STRIPE_SECRET, github: GITHUB_SECRET }, workerConnectors: ['stripe', 'github'], relay: false });
});
afterEach(async () => {
  await relay?.stop();
  relay = undefined;
});
afterAll(async () => {
  await hub.stop();
});

function startRelay(): OutboxRelay {
  metrics = new HubMetrics('relay-test');
  relay = new OutboxRelay({ pool: hub.resources.pool, queues: hub.resources.queues, log: testLogger, metrics, pollIntervalMs: 100, backoff: { baseDelayMs: 100, maxDelayMs: 1_000 } });
  void relay.start();
  return relay;
}

async function postGithub(n: number): Promise<string> {
  // The connector's push fixture on a branch of its own: a body never seen, so never a duplicate.
  const body = JSON.stringify({ ...pushFixture, ref: `refs/heads/relay-${n}-${randomUUID()}` });
  const res = await hub.ingress.inject({
    method: 'POST',
    url: '/webhooks/github',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': await githubSign(GITHUB_SECRET, body), 'x-github-event': 'push', 'x-github-delivery': randomUUID() },
    payload: body,
  });
  expect(res.statusCode).toBe(202);
  return (res.json() as { eventId: string }).eventId;
}

/** Ten webhooks of each connector, sent together. */
async function sendMixed(tag: string): Promise<{ stripe: string[]; github: string[] }> {
  const [stripe, github] = await Promise.all([
    Promise.all(Array.from({ length: 10 }, (_, i) => postStripeEvent(hub.ingress, `evt_${tag}_${i}_${randomUUID()}`, STRIPE_SECRET))),
    Promise.all(Array.from({ length: 10 }, (_, i) => postGithub(i))),
  ]);
  return { stripe, github };
}

const outboxRows = async (ids: string[]) => (await hub.db.admin.query<{ n: number }>('SELECT count(*)::int AS n FROM outbox WHERE event_id = ANY($1::uuid[])', [ids])).rows[0]?.n ?? 0;
const allSettled = (ids: string[]) => Promise.all(ids.map((id) => settledOutcome(hub.db.admin, id)));

async function unavailable(connector: string): Promise<number | undefined> {
  const gauge = await metrics.outboxQueueUnavailable.get();
  return gauge.values.find((v) => v.labels.connector === connector)?.value;
}

describe('outbox relay lanes', () => {
  it("one connector's queue deleted: the other's events reach their queue and are processed at once; the deleted queue is re-created with its DLQ and its rows follow", async () => {
    const github = await hub.resources.queues.get('github');
    await hub.resources.sqs.send(new DeleteQueueCommand({ QueueUrl: github.url }));

    const started = Date.now();
    const ids = await sendMixed('deleted');
    startRelay();
    await waitFor('the Stripe rows to leave the outbox', async () => (await outboxRows(ids.stripe)) === 0);
    const stripeQueuedMs = Date.now() - started;
    const stripe = await allSettled(ids.stripe);
    const stripeProcessedMs = Date.now() - started;
    expect(stripe.map((o) => o.status)).toEqual(ids.stripe.map(() => 'processed'));

    await waitFor('the GitHub rows to leave the outbox', async () => (await outboxRows(ids.github)) === 0);
    const githubOutcomes = await allSettled(ids.github);
    expect(githubOutcomes.map((o) => o.status)).toEqual(ids.github.map(() => 'processed'));
    const attrs = await hub.resources.sqs.send(new GetQueueAttributesCommand({ QueueUrl: github.url, AttributeNames: ['RedrivePolicy'] }));
    expect(JSON.parse(attrs.Attributes?.RedrivePolicy ?? '{}')).toMatchObject({ deadLetterTargetArn: expect.stringContaining(queueNames(hub.resources.queues.prefix, 'github').dlq) });
    console.log(`relay, github queue deleted: stripe rows sent in ${stripeQueuedMs} ms, processed in ${stripeProcessedMs} ms; github (queue re-created) processed in ${Date.now() - started} ms`);
  });

  it('a queue that cannot be re-created holds back only its own rows and is reported unavailable; its rows follow once it can be', async () => {
    const names = queueNames(hub.resources.queues.prefix, 'github');
    const github = await hub.resources.queues.get('github');
    await hub.resources.sqs.send(new DeleteQueueCommand({ QueueUrl: github.url }));
    await hub.resources.sqs.send(new DeleteQueueCommand({ QueueUrl: github.dlqUrl }));
    // Someone made a DLQ of that name with other settings: CreateQueue answers QueueNameExists, so the hub cannot re-create the pair.
    const wrongDlq = await hub.resources.sqs.send(new CreateQueueCommand({ QueueName: names.dlq, Attributes: { MessageRetentionPeriod: '60' } }));

    const ids = await sendMixed('blocked');
    startRelay();
    const stripe = await allSettled(ids.stripe);
    expect(stripe.map((o) => o.status)).toEqual(ids.stripe.map(() => 'processed'));
    await waitFor('github reported unavailable', async () => (await unavailable('github')) === 1);
    expect(await unavailable('stripe')).toBe(0);
    expect(await outboxRows(ids.github)).toBe(10);

    await hub.resources.sqs.send(new DeleteQueueCommand({ QueueUrl: wrongDlq.QueueUrl }));
    const githubOutcomes = await allSettled(ids.github);
    expect(githubOutcomes.map((o) => o.status)).toEqual(ids.github.map(() => 'processed'));
    await waitFor('github reported available again', async () => (await unavailable('github')) === 0);
  });
});
