import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PurgeQueueCommand } from '@aws-sdk/client-sqs';
import { stringify } from 'yaml';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from './support/downstream.js';
import { settledOutcome } from './support/event-outcomes.js';
import { spawnHub, type HubProcess } from './support/hub-process.js';
import { freePort } from './support/hub-up.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent, withMetadata } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

const SECRET = 'whsec_stall_sweeper';
// A stalled event is re-enqueued 4 s after its next step was due; workers sweep every second.
const SWEEPER_ENV = { HUB_VISIBILITY_TIMEOUT_S: '2', HUB_RECEIVE_WAIT_S: '1', HUB_STALL_AFTER_S: '4', HUB_SWEEP_INTERVAL_S: '1' };
let hub: TestHub;
let downstream: Downstream;
let plainRoutes: string;
let limitedRoutes: string;
const workers: HubProcess[] = [];

async function routesFile(name: string, extra: object = {}): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-sweeper-'));
  const file = path.join(dir, `${name}.yaml`);
  await writeFile(file, stringify({ routes: [ledgerRoute(downstream.url)], ...extra }));
  return file;
}

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({ label: 'stallsweep', secrets: { stripe: SECRET }, workerConnectors: [], env: SWEEPER_ENV });
  plainRoutes = await routesFile('plain');
  // One call per 9 s: the second of two events waits for the limit longer than the stall threshold.
  limitedRoutes = await routesFile('limited', { connectors: { http: { rateLimit: { points: 1, durationMs: 9_000 } } } });
});
afterEach(async () => {
  await stopWorkers();
});
afterAll(async () => {
  await hub.stop();
  await downstream.close();
});

async function startWorker(routes = plainRoutes): Promise<{ worker: HubProcess; metricsUrl: string }> {
  const port = await freePort();
  const worker = spawnHub(['worker', '--connector', 'stripe'], { ...hub.env, HUB_CONFIG_FILE: routes, HUB_METRICS_PORT: String(port), LOG_LEVEL: 'info' });
  workers.push(worker);
  await worker.waitForLog('worker consuming');
  return { worker, metricsUrl: `http://127.0.0.1:${port}/metrics` };
}

async function stopWorkers(): Promise<void> {
  await Promise.all(workers.splice(0).map((w) => w.kill()));
}

const fixture = withMetadata('payment_intent.succeeded', {}) as { data: { object: Record<string, unknown> } };
/** Posts Stripe events; each one's payment intent is `pi_<its Stripe event id>`, which the route sends to the downstream. */
const post = (ids: string[]) => Promise.all(ids.map((id) => postStripeEvent(hub.ingress, id, SECRET, { data: { ...fixture.data, object: { ...fixture.data.object, id: `pi_${id}` } } })));
const paymentOf = (req: Downstream['requests'][number]) => (req.body as { payment?: string }).payment;

/** Sends the events while no worker runs, waits for the relay to hand them to SQS, then loses them (a purge, as an emulator restarted empty). */
async function acknowledgeThenLose(ids: string[]): Promise<string[]> {
  const eventIds = await post(ids);
  await waitFor('the relay to send every outbox row', async () => (await hub.db.admin.query('SELECT 1 FROM outbox')).rowCount === 0);
  const queue = await hub.resources.queues.get('stripe');
  await hub.resources.sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }));
  return eventIds;
}

async function requeuesOf(eventId: string): Promise<{ reason: string; stalledForMs: number }[]> {
  const { rows } = await hub.db.admin.query<{ data: { reason: string; stalledForMs: number } }>(`SELECT data FROM events WHERE stream = $1 AND type = 'webhook.requeued' ORDER BY id`, [eventId]);
  return rows.map((r) => r.data);
}

/** The longest time from acknowledgement (webhook.received) to webhook.processed among the events, in ms. */
async function slowestMs(eventIds: string[]): Promise<number> {
  const { rows } = await hub.db.admin.query<{ ms: number }>(
    `SELECT max(extract(epoch FROM p.created_at - r.created_at) * 1000)::float8 AS ms FROM events r JOIN events p ON p.stream = r.id AND p.type = 'webhook.processed' WHERE r.id = ANY($1::uuid[])`,
    [eventIds],
  );
  return rows[0]?.ms ?? Number.NaN;
}

const callsFor = (list: Downstream['requests'], eventId: string) => list.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId).length;

async function requeuedMetric(metricsUrl: string, reason: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const line = text.split('\n').find((l) => l.startsWith('hub_sweeper_requeued_total{') && l.includes('connector="stripe"') && l.includes(`reason="${reason}"`));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

describe('stall sweeper (spawned worker processes, SQS emulator, PostgreSQL)', () => {
  it('events whose messages were lost are re-enqueued and processed, each exactly once', { timeout: 60_000 }, async () => {
    downstream.respondWith = () => ({ status: 200 });
    const eventIds = await acknowledgeThenLose(Array.from({ length: 10 }, (_, i) => `evt_stall_lost_${i}`));
    const { metricsUrl } = await startWorker();
    for (const eventId of eventIds) {
      const outcome = await settledOutcome(hub.db.admin, eventId, 30_000);
      expect(outcome.status).toBe('processed');
      const requeues = await requeuesOf(eventId);
      expect(requeues).toHaveLength(1);
      expect(requeues[0]).toMatchObject({ reason: 'never_received' });
      expect(requeues[0]?.stalledForMs).toBeGreaterThanOrEqual(4_000);
      expect(callsFor(downstream.requests, eventId)).toBe(1);
      expect(callsFor(downstream.sideEffects, eventId)).toBe(1);
    }
    expect(await requeuedMetric(metricsUrl, 'never_received')).toBe(10);
    console.info(`stall sweeper: 10 lost events requeued once each, the last processed ${Math.round(await slowestMs(eventIds))} ms after its acknowledgement (threshold 4 s, worker started after the loss)`);
    // Sweeps go on every second: none of them counts the same stall again.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    for (const eventId of eventIds) expect(await requeuesOf(eventId)).toHaveLength(1);
  });

  it('a worker killed mid-call whose message is lost too: requeued once as abandoned, one side effect', { timeout: 60_000 }, async () => {
    // The first call is slow: the worker dies waiting for its answer (the downstream still performs it).
    let calls = 0;
    downstream.respondWith = (req) => ({ status: 200, delayMs: paymentOf(req) === 'pi_evt_stall_killed' && (calls += 1) === 1 ? 1_500 : 0 });
    const { worker } = await startWorker();
    const before = downstream.requests.length;
    const [eventId] = (await post(['evt_stall_killed'])) as [string];
    await waitFor('the call to reach the downstream', () => downstream.requests.length > before);
    await worker.kill('SIGKILL');
    const queue = await hub.resources.queues.get('stripe');
    await hub.resources.sqs.send(new PurgeQueueCommand({ QueueUrl: queue.url }));
    await startWorker();
    const outcome = await settledOutcome(hub.db.admin, eventId, 30_000);
    expect(outcome.status).toBe('processed');
    expect((await requeuesOf(eventId)).map((r) => r.reason)).toEqual(['abandoned']);
    // The call was made twice (its answer was lost with the worker), with one idempotency key: one side effect.
    expect(callsFor(downstream.requests, eventId)).toBe(2);
    expect(callsFor(downstream.sideEffects, eventId)).toBe(1);
  });

  it('a slow but alive handler and an event waiting for its retry are not re-enqueued', { timeout: 60_000 }, async () => {
    await startWorker();
    const slowId = 'evt_stall_slow';
    const retryId = 'evt_stall_retry';
    let retryCalls = 0;
    downstream.respondWith = (req) => {
      const payment = paymentOf(req);
      // 7 s in the handler, and 7 s of Retry-After before the second attempt: both well past the 4 s threshold.
      if (payment === `pi_${slowId}`) return { status: 200, delayMs: 7_000 };
      if (payment === `pi_${retryId}` && (retryCalls += 1) === 1) return { status: 503, headers: { 'retry-after': '7' } };
      return { status: 200 };
    };
    const [slow, retry] = (await post([slowId, retryId])) as [string, string];
    for (const eventId of [slow, retry]) expect((await settledOutcome(hub.db.admin, eventId, 30_000)).status).toBe('processed');
    expect(await requeuesOf(slow)).toEqual([]);
    expect(await requeuesOf(retry)).toEqual([]);
    const failed = await hub.db.admin.query<{ data: { nextAttemptInMs: number } }>(`SELECT data FROM events WHERE stream = $1 AND type = 'webhook.failed'`, [retry]);
    expect(failed.rows[0]?.data.nextAttemptInMs).toBeGreaterThanOrEqual(7_000);
    expect(callsFor(downstream.requests, slow)).toBe(1);
    expect(callsFor(downstream.sideEffects, retry)).toBe(1);
  });

  it('an event throttled by a rate limit for longer than the threshold is not re-enqueued', { timeout: 60_000 }, async () => {
    downstream.respondWith = () => ({ status: 200 });
    await startWorker(limitedRoutes);
    const [first, second] = (await post(['evt_stall_limit_1', 'evt_stall_limit_2'])) as [string, string];
    for (const eventId of [first, second]) expect((await settledOutcome(hub.db.admin, eventId, 40_000)).status).toBe('processed');
    const throttled = await hub.db.admin.query<{ data: { waitMs: number } }>(`SELECT data FROM events WHERE stream = ANY($1::uuid[]) AND type = 'action.throttled'`, [[first, second]]);
    expect(Math.max(...throttled.rows.map((r) => r.data.waitMs))).toBeGreaterThan(4_000);
    expect(await requeuesOf(first)).toEqual([]);
    expect(await requeuesOf(second)).toEqual([]);
    expect(callsFor(downstream.requests, first) + callsFor(downstream.requests, second)).toBe(2);
  });

  it('two sweepers at once (two worker processes) re-enqueue each stall once', { timeout: 60_000 }, async () => {
    downstream.respondWith = () => ({ status: 200 });
    const eventIds = await acknowledgeThenLose(Array.from({ length: 30 }, (_, i) => `evt_stall_pair_${i}`));
    const [a, b] = await Promise.all([startWorker(), startWorker()]);
    for (const eventId of eventIds) expect((await settledOutcome(hub.db.admin, eventId, 30_000)).status).toBe('processed');
    for (const eventId of eventIds) {
      expect(await requeuesOf(eventId)).toHaveLength(1);
      expect(callsFor(downstream.requests, eventId)).toBe(1);
    }
    expect((await requeuedMetric(a.metricsUrl, 'never_received')) + (await requeuedMetric(b.metricsUrl, 'never_received'))).toBe(30);
    console.info(`stall sweeper: two workers, 30 lost events, 30 requeues, the last processed ${Math.round(await slowestMs(eventIds))} ms after its acknowledgement`);
  });
});
