import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { availableCores } from '../apps/worker/src/sqs-thread.js';
import { startDownstream, type Downstream } from './support/downstream.js';
import { spawnHub, type HubProcess } from './support/hub-process.js';
import { writeLedgerRoutesFile } from './support/ledger-routes-file.js';
import { postStripeEvent } from './support/stripe-webhooks.js';
import { startTestHub, type TestHub } from './support/test-hub.js';
import { freePort } from './support/local-port.js';
import { waitFor } from './support/wait-for.js';

// `hub worker --connector stripe --processes 2` as an operator runs it: two real worker
// processes consuming one queue (node:cluster), under a primary that serves their summed
// /metrics. The ingress and relay run in this process (startTestHub), the worker apart.
const SECRET = 'whsec_worker_processes';
/** Each process's handler limit: two processes together hold twice as many calls in flight. */
const PER_PROCESS = 2;
/** Messages put in the connector's dead-letter queue before the worker starts: each process reads the same depth. */
const DEAD = 3;
let hub: TestHub;
let downstream: Downstream;
let routesFile: string;
let worker: HubProcess;
let metricsUrl: string;

const consumingPids = () => new Set(worker.lines.filter((l) => l.msg === 'worker consuming').map((l) => Number(l.pid)));

const processed = async (ids: string[]) =>
  Number((await hub.db.admin.query<{ n: string }>(`SELECT count(*) AS n FROM events WHERE stream = ANY($1::uuid[]) AND type = 'webhook.processed'`, [ids])).rows[0]?.n);

/** Holds every answer of the downstream until the returned release() is called. */
function holdAnswers(): () => void {
  let release = () => undefined as void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  downstream.respondWith = () => ({ status: 200, until: gate });
  return () => release();
}

beforeAll(async () => {
  downstream = await startDownstream();
  hub = await startTestHub({ label: 'workerprocs', secrets: { stripe: SECRET }, workerConnectors: [] });
  routesFile = (await writeLedgerRoutesFile(downstream.url)).file;
  const { dlqUrl } = await hub.resources.queues.get('stripe');
  for (let i = 0; i < DEAD; i += 1) await hub.resources.sqs.send(new SendMessageCommand({ QueueUrl: dlqUrl, MessageBody: JSON.stringify({ eventId: `00000000-0000-4000-8000-00000000000${i}` }) }));
  const metricsPort = await freePort(); // HUB_METRICS_PORT=0 turns /metrics off: a real port
  worker = spawnHub(['worker', '--connector', 'stripe', '--processes', '2'], {
    ...hub.env,
    HUB_CONFIG_FILE: routesFile,
    HUB_WORKER_CONCURRENCY: String(PER_PROCESS),
    HUB_METRICS_PORT: String(metricsPort),
    LOG_LEVEL: 'info',
  });
  await waitFor('two worker processes consuming', () => consumingPids().size === 2, 45_000);
  metricsUrl = String(worker.lines.find((l) => l.msg === 'worker starting its processes')?.metrics);
}, 60_000);
afterAll(async () => {
  await worker?.kill();
  await hub?.stop();
  await downstream?.close();
});

describe('hub worker --processes 2', () => {
  it('runs two processes on one queue: twice one process’s handlers in flight at once, every event processed once, one /metrics summing both', async () => {
    const release = holdAnswers();
    const ids: string[] = [];
    for (let i = 0; i < 3 * PER_PROCESS; i += 1) ids.push(await postStripeEvent(hub.ingress, `evt_worker_procs_${i}_${Date.now()}`, SECRET));
    // One process could hold only PER_PROCESS calls at the held downstream: 2 × PER_PROCESS means both consume.
    await waitFor(`${2 * PER_PROCESS} calls in flight`, () => downstream.inFlight === 2 * PER_PROCESS, 20_000);
    const running = await (await fetch(metricsUrl)).text();
    expect(running).toContain(`hub_worker_handlers{connector="stripe",state="running",service="worker"} ${2 * PER_PROCESS}`);
    expect(running).toContain(`hub_worker_handlers{connector="stripe",state="limit",service="worker"} ${2 * PER_PROCESS}`);
    expect(downstream.inFlight).toBe(2 * PER_PROCESS);

    release();
    await waitFor('every event processed', async () => (await processed(ids)) === ids.length, 30_000, 100);
    expect(downstream.maxInFlight).toBe(2 * PER_PROCESS);
    expect(downstream.sideEffects).toHaveLength(ids.length);
    const after = await (await fetch(metricsUrl)).text();
    expect(after).toMatch(new RegExp(`hub_processing_outcomes_total\\{connector="stripe",outcome="processed",service="worker"\\} ${ids.length}\\b`));
    // Both processes read the one queue's depth: the primary shows it once, not their sum.
    expect(after).toMatch(new RegExp(`hub_queue_messages\\{connector="stripe",state="dlq",service="worker"\\} ${DEAD}\\b`));
  }, 60_000);

  it('gives each of the two processes the SQS thread only if it has two cores to itself (HUB_SQS_THREAD auto)', () => {
    const started = worker.lines.filter((l) => l.msg === 'consumer started');
    expect(new Set(started.map((l) => l.pid)).size).toBe(2);
    // On this 2-core machine each process has one core: no thread (a 4-core one would have one each).
    const expected = availableCores() / 2 >= 2;
    expect(started.map((l) => l.sqsThread)).toEqual([expected, expected]);
  });

  it('replaces a process killed with SIGKILL, and events go on being processed', async () => {
    downstream.respondWith = () => ({ status: 200 });
    const [victim, survivor] = [...consumingPids()] as [number, number];
    process.kill(victim, 'SIGKILL');
    await worker.waitForLog('worker process exited: starting another', 5_000);
    const replacement = await waitFor('a replacement process consuming', () => [...consumingPids()].find((p) => p !== victim && p !== survivor), 30_000);
    expect(replacement).toBeGreaterThan(0);
    const ids: string[] = [];
    for (let i = 0; i < 4; i += 1) ids.push(await postStripeEvent(hub.ingress, `evt_worker_procs_after_${i}_${Date.now()}`, SECRET));
    await waitFor('the events after the crash processed', async () => (await processed(ids)) === ids.length, 30_000, 100);
  }, 60_000);

  it('drains every process on SIGTERM, a call in flight included, and exits 0', async () => {
    downstream.respondWith = () => ({ status: 200, delayMs: 600 });
    const id = await postStripeEvent(hub.ingress, `evt_worker_procs_drain_${Date.now()}`, SECRET);
    await waitFor('the call to start', () => downstream.inFlight > 0, 20_000);
    worker.child.kill('SIGTERM');
    expect(await worker.exited()).toBe(0);
    expect(await processed([id])).toBe(1);
    expect(worker.lines.filter((l) => l.msg === 'worker process stopped').map((l) => l.code)).toEqual([0, 0]);
  }, 60_000);
});

describe('hub worker --processes refusals', () => {
  it('refuses a process count that is not 1 to 64, and an unknown connector once, before any process is started', async () => {
    const zero = spawnHub(['worker', '--connector', 'stripe', '--processes', '0'], {});
    expect(await zero.exited()).toBe(1);
    expect(zero.stderr().trim()).toMatch(/^HUB_CLI_USAGE: --processes takes a whole number from 1 to 64/);

    const unknown = spawnHub(['worker', '--connector', 'nope', '--processes', '2'], { ...hub.env });
    expect(await unknown.exited()).toBe(1);
    expect(unknown.stderr().match(/HUB_CLI_USAGE: unknown connector nope/g)).toHaveLength(1);
    expect(unknown.lines.some((l) => l.msg === 'worker process started')).toBe(false);
  });

  it('reports a hub.config.yaml problem once, before any process is started (not once per crash of each)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'hub-worker-procs-'));
    try {
      const file = join(dir, 'hub.config.yaml');
      await writeFile(file, 'connectors:\n  stripe: { concurrency: 0 }\n');
      const refused = spawnHub(['worker', '--connector', 'stripe', '--processes', '2'], { ...hub.env, HUB_CONFIG_FILE: file });
      expect(await refused.exited()).toBe(1);
      expect(refused.stderr().match(/HUB_ROUTES_INVALID/g)).toHaveLength(1);
      expect(refused.lines.some((l) => l.msg === 'worker process started')).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
