import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRateLimitedApi, type RateLimitedApi } from '@hub/simulators';
import { queueDepth } from '@hub/core/queue';
import { startDownstream, type Downstream } from './support/downstream.js';
import { spawnHub, type HubProcess } from './support/hub-process.js';
import { ledgerRoute } from './support/ledger-route.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { waitFor } from './support/wait-for.js';

// The burst of issue 12: 400 webhooks to an API limited at 20 calls/s, two worker processes.
// Before waits stopped using receives, SQS redrove every event throttled maxReceiveCount times.
const SECRET = 'whsec_throttle_waits';
const LIMIT = 20;
const WORKERS = 2;
const EVENTS = 400;
// Low on purpose: three receives of one message, and SQS moves it to the DLQ.
const MAX_RECEIVE_COUNT = 3;
let hub: TestHub;
let api: RateLimitedApi;
const workers: HubProcess[] = [];

async function scalar(sql: string, on: TestHub = hub): Promise<number> {
  return Number((await on.db.admin.query(sql)).rows[0].n);
}

describe('waiting for a rate limit uses no SQS receives', () => {
  beforeAll(async () => {
    api = await startRateLimitedApi({ limit: LIMIT, windowMs: 1_000 });
    // No drainer: whatever SQS redrives stays in its DLQ, where this test counts it.
    hub = await startTestHub({ label: 'waits', secrets: { stripe: SECRET }, workerConnectors: [], env: { HUB_MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT), HUB_REDRIVE_DRAIN_INTERVAL_S: '0' } });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-waits-'));
    const file = path.join(dir, 'hub.config.yaml');
    await writeFile(file, stringify({ routes: [ledgerRoute(api.url, { name: 'limited', path: '/v1/things' })], connectors: { http: { rateLimit: { points: LIMIT, durationMs: 1_000 } } } }));
    for (let i = 0; i < WORKERS; i += 1) {
      workers.push(spawnHub(['worker', '--connector', 'stripe'], { ...hub.env, HUB_CONFIG_FILE: file, HUB_WORKER_CONCURRENCY: '20', LOG_LEVEL: 'info' }));
    }
    await Promise.all(workers.map((w) => w.waitForLog('worker consuming')));
  });
  afterAll(async () => {
    await Promise.all(workers.map((w) => w.kill()));
    await hub?.stop();
    await api?.close();
  });

  it(`a burst of ${EVENTS} to a ${LIMIT}/s API with maxReceiveCount ${MAX_RECEIVE_COUNT}: every event delivered once, none redriven`, { timeout: 180_000 }, async () => {
    const started = Date.now();
    await Promise.all(Array.from({ length: EVENTS }, (_, i) => postStripeEvent(hub.ingress, `evt_waits_${i}`, SECRET)));
    await waitFor(`${EVENTS} events processed`, async () => (await scalar(`SELECT count(DISTINCT stream)::int AS n FROM events WHERE type = 'webhook.processed'`)) === EVENTS, 150_000, 500);
    const seconds = (Date.now() - started) / 1000;

    const queue = await hub.resources.queues.get('stripe');
    const dlq = await queueDepth(hub.resources.sqs, queue.dlqUrl);
    const maxReceive = await scalar(`SELECT max((data->>'receiveCount')::int) AS n FROM events WHERE type = 'webhook.processing'`);
    const throttled = await scalar(`SELECT count(*)::int AS n FROM events WHERE type = 'action.throttled'`);
    const mostWaits = await scalar(`SELECT coalesce(max(n), 0) AS n FROM (SELECT count(*) AS n FROM events WHERE type = 'action.throttled' GROUP BY stream) AS w`);
    const withNextAttempt = await scalar(`SELECT count(*)::int AS n FROM events WHERE type = 'action.throttled' AND data->>'nextAttemptAt' IS NOT NULL`);
    console.info(
      `throttle waits: ${EVENTS} webhooks to a ${LIMIT}/s API from ${WORKERS} workers in ${seconds.toFixed(1)} s: ${api.arrivals.length} calls, busiest second ${api.maxInWindow()}, ` +
        `${throttled} waits (at most ${mostWaits} for one event), highest receive count ${maxReceive} (redrive at ${MAX_RECEIVE_COUNT + 1}), SQS DLQ ${dlq.visible + dlq.inFlight}`,
    );
    expect(api.arrivals).toHaveLength(EVENTS);
    expect(api.maxInWindow()).toBeLessThanOrEqual(LIMIT);
    expect(dlq.visible + dlq.inFlight + dlq.delayed).toBe(0);
    expect(await scalar(`SELECT count(*)::int AS n FROM events WHERE type = 'webhook.dead_lettered'`)).toBe(0);
    expect(maxReceive).toBeLessThan(MAX_RECEIVE_COUNT);
    // The limiter, not luck, held events back, more often than a receive-counted wait would allow.
    expect(mostWaits).toBeGreaterThan(MAX_RECEIVE_COUNT);
    expect(withNextAttempt).toBe(throttled);
  });
});

describe('waiting for an open circuit uses no SQS receives', () => {
  let breakerHub: TestHub;
  let downstream: Downstream;
  const BREAKER_EVENTS = 10;
  beforeAll(async () => {
    downstream = await startDownstream();
    downstream.respondWith = () => ({ status: 500 });
    breakerHub = await startTestHub({
      label: 'circuitwaits',
      secrets: { stripe: SECRET },
      routes: [ledgerRoute(downstream.url)],
      connectorOverrides: { http: { breaker: { errorThresholdPercentage: 50, volumeThreshold: 3, rollingCountTimeout: 10_000, resetTimeout: 2_000 } } },
      env: { HUB_RETRY_MAX_ATTEMPTS: '100', HUB_WORKER_CONCURRENCY: '4', HUB_MAX_RECEIVE_COUNT: String(MAX_RECEIVE_COUNT), HUB_REDRIVE_DRAIN_INTERVAL_S: '0' },
    });
  });
  afterAll(async () => {
    await breakerHub?.stop();
    await downstream?.close();
  });

  it(`events held by an open circuit and retried more than ${MAX_RECEIVE_COUNT} times are delivered once the provider recovers, none redriven`, { timeout: 90_000 }, async () => {
    for (let i = 0; i < BREAKER_EVENTS; i += 1) await postStripeEvent(breakerHub.ingress, `evt_circuit_waits_${i}`, SECRET);
    const waitsOf = `SELECT coalesce(max(n), 0) AS n FROM (SELECT count(*) AS n FROM events WHERE type IN ('action.throttled', 'webhook.failed') GROUP BY stream) AS w`;
    // Every event has waited (open circuit or retry) more often than SQS would let a message be received.
    await waitFor(
      `each event to wait more than ${MAX_RECEIVE_COUNT} times`,
      async () => (await scalar(`SELECT count(*)::int AS n FROM (SELECT stream FROM events WHERE type IN ('action.throttled', 'webhook.failed') GROUP BY stream HAVING count(*) > ${MAX_RECEIVE_COUNT}) AS w`, breakerHub)) === BREAKER_EVENTS,
      60_000,
      250,
    );
    downstream.respondWith = () => ({ status: 200 });
    await waitFor(`${BREAKER_EVENTS} events processed`, async () => (await scalar(`SELECT count(DISTINCT stream)::int AS n FROM events WHERE type = 'webhook.processed'`, breakerHub)) === BREAKER_EVENTS, 45_000, 250);

    const queue = await breakerHub.resources.queues.get('stripe');
    const dlq = await queueDepth(breakerHub.resources.sqs, queue.dlqUrl);
    const maxReceive = await scalar(`SELECT max((data->>'receiveCount')::int) AS n FROM events WHERE type = 'webhook.processing'`, breakerHub);
    const circuitWaits = await scalar(`SELECT count(*)::int AS n FROM events WHERE type = 'action.throttled' AND data->>'reason' = 'HUB_CIRCUIT_OPEN'`, breakerHub);
    console.info(`circuit waits: ${BREAKER_EVENTS} events, ${circuitWaits} open-circuit waits, at most ${await scalar(waitsOf, breakerHub)} waits for one event, highest receive count ${maxReceive}, SQS DLQ ${dlq.visible + dlq.inFlight}`);
    expect(circuitWaits).toBeGreaterThan(0);
    expect(maxReceive).toBeLessThan(MAX_RECEIVE_COUNT);
    expect(dlq.visible + dlq.inFlight + dlq.delayed).toBe(0);
    expect(await scalar(`SELECT count(*)::int AS n FROM events WHERE type = 'webhook.dead_lettered'`, breakerHub)).toBe(0);
    expect(new Set(downstream.sideEffects.map((r) => (r.body as { hubEventId: string }).hubEventId)).size).toBe(BREAKER_EVENTS);
    expect(downstream.sideEffects).toHaveLength(BREAKER_EVENTS);
  });
});
