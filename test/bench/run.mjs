#!/usr/bin/env node
// `npm run bench`: ingress throughput, ack latency at a fixed rate, and end-to-end rate/latency.
// Every hub part is a separate process (as in production); the load comes from this process.
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { startLatencySink } from './downstream.mjs';
import { drive } from './load.mjs';
import { CLI, runHub, spawnReady, startEmulator, stop } from './processes.mjs';
import { isolationPhase, startSwitchableProvider, writeIsolationRoutes } from './isolation.mjs';
import { ensureDatabase } from '@hub/core/db';
import { healthPhase } from './health.mjs';
import { rollupTriggerCostPhase } from './rollup-trigger-cost.mjs';
import { bodyDigestCostPhase } from './body-digest-cost.mjs';
import { jsonataCostPhase } from './jsonata-cost.mjs';
import { GITHUB_SECRET, SECRET, WEBHOOK_BYTES } from './signed-webhooks.mjs';

const DURATION_S = Number(process.env.BENCH_DURATION_S ?? 10);
const E2E_RATE = Number(process.env.BENCH_E2E_RATE ?? 3000);
// The ingress phases' connector: stripe (signed timestamp) or github (no timestamp: body-digest dedupe too).
const INGRESS_CONNECTOR = process.env.BENCH_INGRESS_CONNECTOR ?? 'stripe';
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hub');
base.pathname = '/hub_bench';
const schema = `bench_${Date.now().toString(36)}`;
const ports = { sqs: 14566, ingress: 18080, sink: 14010 };
const env = {
  DATABASE_URL: base.toString(),
  DATABASE_SCHEMA: schema,
  DATABASE_POOL_MAX: '12',
  SQS_ENDPOINT: `http://127.0.0.1:${ports.sqs}`,
  HUB_QUEUE_PREFIX: `${schema}-`,
  HUB_INGRESS_PORT: String(ports.ingress),
  STRIPE_WEBHOOK_SECRET: SECRET,
  GITHUB_WEBHOOK_SECRET: GITHUB_SECRET,
  LOG_LEVEL: 'warn',
  HUB_METRICS_PORT: '0',
};
const print = (line) => console.log(line);
const children = [];

async function countReceived() {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query(`SELECT count(*)::int AS n FROM ${schema}.events WHERE type = 'webhook.received'`);
  await client.end();
  return rows[0].n;
}

async function disableTrigger(dbSchema, trigger) {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  await client.query(`ALTER TABLE ${pg.escapeIdentifier(dbSchema)}.events DISABLE TRIGGER ${pg.escapeIdentifier(trigger)}`);
  await client.end();
  print(`trigger ${trigger} disabled`);
}

async function countByType(dbSchema, connector) {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  const { rows } = await client.query(`SELECT type, count(*)::int AS n FROM ${dbSchema}.events WHERE connector = $1 GROUP BY type ORDER BY type`, [connector]);
  await client.end();
  return rows.map((r) => `${r.type} ${r.n}`).join(', ');
}

async function main() {
  if (process.env.BENCH_ONLY === 'health') return healthPhases();
  if (process.env.BENCH_ONLY === 'jsonata') return jsonataCostPhase({ print });
  if (process.env.BENCH_ONLY === 'explorer') return (await import('./explorer-queries.mjs')).explorerPhase({ databaseUrl: env.DATABASE_URL, schema: `${schema}_explorer`, print });
  if (process.env.BENCH_ONLY === 'digest') {
    await ensureDatabase(env.DATABASE_URL);
    return bodyDigestCostPhase({ databaseUrl: env.DATABASE_URL, schema: `${schema}_digest`, print });
  }
  print(`benchmark: ${WEBHOOK_BYTES}-byte signed webhooks (ingress phases: ${INGRESS_CONNECTOR}), 50 connections, ${DURATION_S} s per phase, schema ${schema}`);
  children.push(await startEmulator(ports.sqs));
  await runHub(['migrate'], env);
  // BENCH_DISABLE_TRIGGERS=events_rollup (comma-separated) measures a run without them: A/B of a trigger's cost.
  for (const trigger of (process.env.BENCH_DISABLE_TRIGGERS ?? '').split(',').filter(Boolean)) await disableTrigger(schema, trigger);

  const url = `http://127.0.0.1:${ports.ingress}/webhooks/stripe`;
  if (!['e2e', 'isolation'].includes(process.env.BENCH_ONLY ?? '')) await ingressPhases(`http://127.0.0.1:${ports.ingress}/webhooks/${INGRESS_CONNECTOR}`);
  if (process.env.BENCH_ONLY === 'ingress') return;
  if (process.env.BENCH_ONLY !== 'isolation') await endToEndPhases(url);
  await isolationPhases();
  if (process.env.BENCH_ONLY !== 'isolation') await healthPhases();
}

async function healthPhases() {
  // 6. Health queries at 1M events, and what keeping the rollups costs the ingest statement.
  await ensureDatabase(env.DATABASE_URL);
  await healthPhase({ databaseUrl: env.DATABASE_URL, schema: `${schema}_health`, print });
  await rollupTriggerCostPhase({ databaseUrl: env.DATABASE_URL, schema: `${schema}_trigger`, print });
}

async function isolationPhases() {
  // 5. Isolation: B (stripe) at a steady rate while A (github) is healthy, then slow and failing.
  const provider = await startSwitchableProvider(ports.sink + 10);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-iso-'));
  const routes = path.join(dir, 'hub.config.yaml');
  const sinkPort = ports.sink + 20;
  await writeIsolationRoutes(routes, `http://127.0.0.1:${sinkPort}`, provider.url);
  // A schema and queues of its own: nothing left over from the earlier phases.
  const isoEnv = { ...env, DATABASE_SCHEMA: `${schema}_iso`, HUB_CONFIG_FILE: routes, LOG_LEVEL: 'info', HUB_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1', HUB_QUEUE_PREFIX: `${schema}-iso-` };
  await runHub(['migrate'], isoEnv);
  const ingress = await spawnReady([CLI, 'ingress'], isoEnv, 'ingress listening', 'ingress');
  children.push(ingress);
  for (const connector of ['stripe', 'github']) children.push(await spawnReady([CLI, 'worker', '--connector', connector], isoEnv, 'worker consuming', `worker ${connector}`));
  const load = { rateB: Number(process.env.BENCH_ISOLATION_RATE ?? 300), rateA: 100, durationS: DURATION_S };
  const base = `http://127.0.0.1:${ports.ingress}`;
  await isolationPhase(base, sinkPort, { ...load, durationS: 3 }); // warm-up (JIT, connections)
  // Several rounds of each, medians compared: one 10 s run on a shared 2-core box is too noisy.
  const rounds = Number(process.env.BENCH_ISOLATION_ROUNDS ?? 3);
  const healthy = [];
  for (let i = 0; i < rounds; i += 1) healthy.push(await isolationPhase(base, sinkPort, load));
  provider.state.failing = true;
  const failing = [];
  for (let i = 0; i < rounds; i += 1) failing.push(await isolationPhase(base, sinkPort, load));
  const median = (runs, key) => runs.map((r) => r[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];
  const ratio = median(failing, 'p99') / median(healthy, 'p99');
  const line = (runs) => runs.map((r) => `${r.delivered}/${r.acked} p50 ${r.p50} p99 ${r.p99}`).join('; ');
  print(`isolation:       B @${load.rateB}/s, A @${load.rateA}/s healthy, ${rounds} rounds: ${line(healthy)} (ms)`);
  print(`                 B with A holding 10 s then 500:     ${line(failing)} (ms)`);
  print(`                 B's median p99: ${median(healthy, 'p99')} ms -> ${median(failing, 'p99')} ms, ratio ${ratio.toFixed(2)} (target <= 1.10); median p50 ${median(healthy, 'p50')} -> ${median(failing, 'p50')} ms`);
  print(`                 A's events: ${await countByType(isoEnv.DATABASE_SCHEMA, 'github')}`);
  await provider.close();
}

async function ingressPhases(url) {
  // 1. Ingress alone (relay off): verified, committed webhooks per second.
  const ingress = await spawnReady([CLI, 'ingress'], { ...env, HUB_RELAY: 'off', LOG_LEVEL: 'info' }, 'ingress listening', 'ingress');
  const connector = INGRESS_CONNECTOR;
  await drive(url, { durationS: 2, connector }); // warm-up
  const before = await countReceived();
  const max = await drive(url, { durationS: DURATION_S, connector });
  const stored = (await countReceived()) - before;
  print(`ingress max:     (${connector}) ${max.perSecond.toFixed(0)} durable webhooks/s (202s: ${max.accepted}, rows committed: ${stored}, non-2xx: ${max.non2xx}, errors: ${max.errors}), ack p50 ${max.p50} ms, p99 ${max.p99} ms`);

  // 2. Ack latency at a fixed 2,000/s.
  const steady = await drive(url, { durationS: DURATION_S, rate: 2000, connector });
  print(`ingress @2000/s: ${steady.perSecond.toFixed(0)} webhooks/s, ack p50 ${steady.p50} ms, p99 ${steady.p99} ms, max ${steady.max} ms`);
  await stop(ingress);
}

async function endToEndPhases(url) {
  // 3. End to end: ingress + relay -> SQS -> worker -> downstream.
  const sink = await startLatencySink(ports.sink);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-bench-'));
  const routes = path.join(dir, 'hub.config.yaml');
  await writeFile(
    routes,
    `routes:\n  - name: bench\n    on: { connector: stripe, event: payment_intent.succeeded }\n    action: { connector: http, name: post }\n    input: '{ "url": "${sink.url}/ledger", "body": { "payment": data.object.id, "sentAt": data.object.metadata.sentAt } }'\n`,
  );
  const e2eEnv = { ...env, HUB_CONFIG_FILE: routes, LOG_LEVEL: 'info', HUB_WORKER_CONCURRENCY: '100', HUB_OUTBOUND_ALLOWED_HOSTS: '127.0.0.1' };
  const ingress = await spawnReady([CLI, 'ingress'], e2eEnv, 'ingress listening', 'ingress');
  children.push(ingress);
  const worker = await spawnReady([CLI, 'worker', '--connector', 'stripe'], e2eEnv, 'worker consuming', 'worker');
  children.push(worker);
  // Drain the backlog phases 1-2 left in the outbox before measuring.
  const backlogStart = Date.now();
  const backlog = (await countReceived());
  const deadline = Date.now() + 300_000;
  while (sink.stats().delivered < backlog && Date.now() < deadline) await new Promise((r) => setTimeout(r, 500));
  const drained = sink.stats().delivered;
  print(`backlog:         ${drained} of ${backlog} queued events delivered in ${((Date.now() - backlogStart) / 1000).toFixed(1)} s (${(drained / ((Date.now() - backlogStart) / 1000)).toFixed(0)} events/s end to end from a full outbox)`);

  const sink2 = await startLatencySink(ports.sink + 1);
  await writeFile(
    routes,
    `routes:\n  - name: bench\n    on: { connector: stripe, event: payment_intent.succeeded }\n    action: { connector: http, name: post }\n    input: '{ "url": "${sink2.url}/ledger", "body": { "payment": data.object.id, "sentAt": data.object.metadata.sentAt } }'\n`,
  );
  await stop(worker);
  children.splice(children.indexOf(worker), 1);
  // BENCH_WORKER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the measured worker.
  const nodeArgs = (process.env.BENCH_WORKER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const worker2 = await spawnReady([...nodeArgs, CLI, 'worker', '--connector', 'stripe'], e2eEnv, 'worker consuming', 'worker');
  children.push(worker2);
  const load = await drive(url, { durationS: DURATION_S, rate: E2E_RATE });
  const settleDeadline = Date.now() + 120_000;
  while (sink2.stats().delivered < load.accepted && Date.now() < settleDeadline) await new Promise((r) => setTimeout(r, 250));
  const e2e = sink2.stats();
  print(
    `end to end @${E2E_RATE}/s offered: ${load.accepted} acked, ${e2e.delivered} delivered, ${(e2e.delivered / (Math.max(e2e.spanMs, DURATION_S * 1000) / 1000)).toFixed(0)} events/s, latency p50 ${e2e.p50} ms, p99 ${e2e.p99} ms, max ${e2e.max} ms (ingress ack p99 ${load.p99} ms)`,
  );
  await sink.close();
  await sink2.close();
  // Free the ports for the next phase.
  for (const child of [worker2, ingress]) {
    await stop(child);
    children.splice(children.indexOf(child), 1);
  }
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(async () => {
    for (const child of children.reverse()) await stop(child);
    const client = new pg.Client({ connectionString: env.DATABASE_URL });
    await client.connect().then(
      () => client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE; DROP SCHEMA IF EXISTS ${schema}_iso CASCADE`).finally(() => client.end()),
      () => undefined,
    );
  });
