// What every phase shares: the knobs (BENCH_* variables), ports, the hub's environment, the
// processes and schemas to clean up at the end, and how the hub's parts are started.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeleteQueueCommand, ListQueuesCommand, SQSClient } from '@aws-sdk/client-sqs';
import pg from 'pg';
import { CLI, nodeArgs, runHub, spawnReady, stop } from '../processes.mjs';
import { GITHUB_SECRET, SECRET } from '../signed-webhooks.mjs';
import { restoreTriggerRollups } from './old-rollup-trigger.mjs';

const num = (name, fallback) => Number(process.env[name] ?? fallback);

export const knobs = {
  /** Seconds per measured run of the short phases (ingress, end to end @1000/s, isolation rounds). */
  durationS: num('BENCH_DURATION_S', 10),
  /** Runs of each throughput / latency phase; the median is compared with the target. */
  runs: num('BENCH_RUNS', 3),
  /** Offered rate of the "end to end @1000/s" phase. */
  e2eRate: num('BENCH_E2E_RATE', 1000),
  /** Seconds of the fixed-rate 2,000/s phase. */
  e2e2000S: num('BENCH_E2E2000_S', 60),
  /** Seconds of the all-in-one flood (the 10-minute memory figure: 600). */
  allInOneS: num('BENCH_ALLINONE_S', 30),
  /** 0: the all-in-one phase floods (its target); a rate: `hub up` at that fixed offered rate instead (figures without a target). */
  allInOneRate: num('BENCH_ALLINONE_RATE', 0),
  /** Webhooks queued before each backlog-drain run (end to end, max sustained). */
  backlog: num('BENCH_BACKLOG', 20_000),
  /**
   * Seconds of load through freshly started processes before a phase measures them (the ingress
   * phases, every pipeline phase, `hub up`): what the targets name is the hub running, not its
   * first seconds. A fresh worker at 1,000/s spends ~1.7 s of CPU on TurboFan compiles in its
   * first 10 s, ~0.5 s in the next 10 s, next to nothing after 30 s (docs/benchmarks.md,
   * fifteenth increment). BENCH_WARMUP_S=2 measures them nearly cold.
   */
  warmUpS: num('BENCH_WARMUP_S', 20),
  /** Longest wait for the last deliveries after a run's load stops. */
  settleS: num('BENCH_SETTLE_S', 60),
  /** `hub worker` processes for the Stripe queue in the pipeline phases (competing consumers of one queue, as a scaled worker service runs). */
  workers: num('BENCH_WORKERS', 1),
  /**
   * `--processes` of each `hub worker` command (its processes counted, RSS and CPU, with the
   * command). 2, one per core of the bench's 2-core machine, since the twentieth increment: with
   * one, the worker's thread waits for a core among five busy programs (docs/benchmarks.md).
   */
  workerProcesses: num('BENCH_WORKER_PROCESSES', 2),
  /** Closed-loop connections of the ingress max phase. */
  ingressConnections: num('BENCH_INGRESS_CONNECTIONS', 50),
  /** The ingress phases' connector: stripe (signed timestamp) or github (no timestamp: body-digest dedupe too). */
  ingressConnector: process.env.BENCH_INGRESS_CONNECTOR ?? 'stripe',
};

// BENCH_PORT_OFFSET moves every port: two benches (e.g. two checkouts) on one machine.
const offset = num('BENCH_PORT_OFFSET', 0);
export const ports = { sqs: 14566 + offset, ingress: 18080 + offset, sink: 14010 + offset, console: 13080 + offset, upSqs: 14567 + offset };
export const print = (line) => console.log(line);

const database = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hub');
database.pathname = '/hub_bench';
export const DATABASE_URL = database.toString();
export const runId = `bench_${Date.now().toString(36)}`;

const schemas = [];
const children = [];
const dirs = [];

/** A temporary directory, removed at the end. */
export async function tempDir(prefix) {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

/** The hub's environment on a schema (and queue prefix) of its own: nothing left over from another run. */
export function hubEnv(suffix, extra = {}) {
  const schema = suffix ? `${runId}_${suffix}` : runId;
  return {
    DATABASE_URL,
    DATABASE_SCHEMA: schema,
    DATABASE_POOL_MAX: '12',
    SQS_ENDPOINT: `http://127.0.0.1:${ports.sqs}`,
    HUB_QUEUE_PREFIX: `${schema}-`,
    HUB_INGRESS_PORT: String(ports.ingress),
    STRIPE_WEBHOOK_SECRET: SECRET,
    GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
    LOG_LEVEL: 'info',
    HUB_METRICS_PORT: '0',
    HUB_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1',
    // An A/B of the heap policy: BENCH_HEAP_GROWING_PERCENT=0 runs the hub with V8's own factor.
    ...(process.env.BENCH_HEAP_GROWING_PERCENT ? { HUB_HEAP_GROWING_PERCENT: process.env.BENCH_HEAP_GROWING_PERCENT } : {}),
    ...extra,
  };
}

/** A schema to drop at the end (unless `dropSchema` did already). */
export const registerSchema = (schema) => schemas.push(schema);

/** Migrates the environment's schema; it is dropped at the end (or by `dropSchema`). */
export async function migrateSchema(env) {
  registerSchema(env.DATABASE_SCHEMA);
  await runHub(['migrate'], env);
  // BENCH_DISABLE_TRIGGERS=name,... (comma-separated) runs every phase without them: A/B of a trigger's cost.
  for (const trigger of (process.env.BENCH_DISABLE_TRIGGERS ?? '').split(',').filter(Boolean)) {
    await sql(`ALTER TABLE ${pg.escapeIdentifier(env.DATABASE_SCHEMA)}.events DISABLE TRIGGER ${pg.escapeIdentifier(trigger)}`);
    console.log(`trigger ${trigger} disabled on ${env.DATABASE_SCHEMA}`);
  }
  // BENCH_ROLLUPS=trigger: the rollups kept as before migration 0025 (A/B of the fold).
  if (process.env.BENCH_ROLLUPS === 'trigger') {
    await restoreTriggerRollups(DATABASE_URL, env.DATABASE_SCHEMA);
    console.log(`rollups kept by 0023's trigger on ${env.DATABASE_SCHEMA}`);
  }
}

export async function sql(text, params = []) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

export async function dropSchema(schema) {
  // BENCH_KEEP_SCHEMAS=1: a run's tables stay for EXPLAIN and row counts (drop them by hand).
  if (process.env.BENCH_KEEP_SCHEMAS === '1') return;
  await sql(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  if (schemas.includes(schema)) schemas.splice(schemas.indexOf(schema), 1);
}

/**
 * Deletes the queues of an environment's prefix from the shared emulator: a run that ended with
 * a backlog must not leave its messages in the emulator's memory for the next run to carry.
 */
export async function deleteQueues(env) {
  const sqs = new SQSClient({ endpoint: env.SQS_ENDPOINT, region: 'us-east-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    const { QueueUrls = [] } = await sqs.send(new ListQueuesCommand({ QueueNamePrefix: env.HUB_QUEUE_PREFIX }));
    for (const QueueUrl of QueueUrls) await sqs.send(new DeleteQueueCommand({ QueueUrl }));
  } catch (err) {
    console.error(`queues ${env.HUB_QUEUE_PREFIX}* not deleted: ${err.message}`);
  } finally {
    sqs.destroy();
  }
}

/** A route file sending every Stripe payment_intent.succeeded to `sinkUrl`/ledger. */
export async function writeRoutes(sinkUrl) {
  const file = path.join(await tempDir('hub-bench-'), 'hub.config.yaml');
  await writeFile(
    file,
    `routes:\n  - name: bench\n    on: { connector: stripe, event: payment_intent.succeeded }\n    action: { connector: http, name: post }\n    input: '{ "url": "${sinkUrl}/ledger", "body": { "payment": data.object.id, "event": $eventId, "sentAt": data.object.metadata.sentAt } }'\n`,
  );
  return file;
}

/** Keeps a child for the final clean-up; returns it. */
export function track(child) {
  children.push(child);
  return child;
}

export async function stopTracked(...stopping) {
  for (const child of stopping) {
    await stop(child);
    if (children.includes(child)) children.splice(children.indexOf(child), 1);
  }
}

/** `hub ingress` (BENCH_NODE_ARGS_INGRESS for profiling; BENCH_RELAY_MAX_QUEUE_DEPTH bounds its relay; BENCH_INGEST_MAX_IN_FLIGHT sets its group commits in flight). */
export const startIngress = (env) => {
  const bound = process.env.BENCH_RELAY_MAX_QUEUE_DEPTH ? { HUB_RELAY_MAX_QUEUE_DEPTH: process.env.BENCH_RELAY_MAX_QUEUE_DEPTH } : {};
  const inFlight = process.env.BENCH_INGEST_MAX_IN_FLIGHT ? { HUB_INGEST_MAX_IN_FLIGHT: process.env.BENCH_INGEST_MAX_IN_FLIGHT } : {};
  return spawnReady([...nodeArgs('ingress'), CLI, 'ingress'], { ...bound, ...inFlight, ...env }, 'ingress listening', 'ingress').then(track);
};

/** `hub worker --connector <c>` (BENCH_NODE_ARGS_WORKER; BENCH_WORKER_NODE_ARGS is its older name). */
export function startWorker(env, connector = 'stripe') {
  const args = nodeArgs('worker').length > 0 ? nodeArgs('worker') : (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const processes = knobs.workerProcesses > 1 ? ['--processes', String(knobs.workerProcesses)] : [];
  return spawnReady([...args, CLI, 'worker', '--connector', connector, ...processes], { HUB_WORKER_CONCURRENCY: process.env.BENCH_WORKER_CONCURRENCY ?? '100', ...(process.env.BENCH_WORKER_POOL_MAX ? { DATABASE_POOL_MAX: process.env.BENCH_WORKER_POOL_MAX } : {}), ...(process.env.BENCH_SQS_THREAD ? { HUB_SQS_THREAD: process.env.BENCH_SQS_THREAD } : {}), ...env }, 'worker consuming', `worker ${connector}`).then(track);
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Waits until `done()` or `seconds` pass; returns whether it was done. */
export async function waitUntil(done, seconds, stepMs = 250) {
  const deadline = Date.now() + seconds * 1000;
  while (!done()) {
    if (Date.now() > deadline) return false;
    await sleep(stepMs);
  }
  return true;
}

/** On a crash (no clean-up ran): no hub process or emulator may outlive the bench. */
export function killChildrenNow() {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}

/** Stops every child still running and drops every schema still there. */
export async function cleanUp() {
  for (const child of children.splice(0).reverse()) await stop(child);
  for (const schema of [...schemas]) await dropSchema(schema).catch(() => undefined);
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
}

/** Processes every phase may watch (the SQS emulator, started once by run.mjs). */
export const shared = { emulator: undefined };
