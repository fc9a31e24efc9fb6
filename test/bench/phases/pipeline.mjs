// The separate-process pipeline the end-to-end phases measure: ingress + relay -> SQS -> worker ->
// the latency sink, each run on a fresh schema and queues (no backlog or circuit left by another run).
import { startLatencySink } from '../downstream.mjs';
import { drive } from '../load.mjs';
import { deleteQueues, dropSchema, hubEnv, knobs, migrateSchema, ports, shared, startIngress, startWorker, stopTracked, waitUntil, writeRoutes } from '../lib/context.mjs';
import { n } from '../lib/report.mjs';
import { issuedSinceTag, startTag } from '../signed-webhooks.mjs';

export const stripeUrl = `http://127.0.0.1:${ports.ingress}/webhooks/stripe`;

export const startSink = () => startLatencySink(ports.sink);

/** BENCH_WORKERS worker processes on `env`'s Stripe queue. */
const startWorkers = (env) => Promise.all(Array.from({ length: Math.max(1, knobs.workers) }, () => startWorker(env)));

/** Migrates a schema `suffix` routed to `sink`; starts the workers, then the ingress. */
export async function startPipeline(suffix, sink) {
  const env = hubEnv(suffix, { HUB_CONFIG_FILE: await writeRoutes(sink.url) });
  await migrateSchema(env);
  // Its ingress may be replaced (the backlog phase restarts it with the relay off, then on): stop() stops the current processes.
  const pipeline = {
    env,
    workers: await startWorkers(env),
    ingress: await startIngress(env),
    /** The running processes by label (RSS and CPU figures): ingress, worker (or worker 1, 2, …), SQS emulator. */
    processes() {
      const workers = pipeline.workers.map((w, i) => [pipeline.workers.length === 1 ? 'worker' : `worker ${i + 1}`, w]);
      return Object.fromEntries([['ingress', pipeline.ingress], ...workers, ['SQS emulator', shared.emulator]].filter(([, p]) => p));
    },
    async stop() {
      await stopTracked(pipeline.ingress, ...pipeline.workers);
      await deleteQueues(env);
      await dropSchema(env.DATABASE_SCHEMA);
    },
  };
  return pipeline;
}

/** A run's figures start: its webhooks carry `tag`, and the sink counts only those. */
export const beginRun = (sink, tag) => sink.reset(startTag(tag));

/** JIT and connections warm: `seconds` at `rate` (none: as fast as it goes), delivered; then the run `tag` begins. */
export async function warmUp(sink, rate, tag, seconds = knobs.warmUpS) {
  beginRun(sink, `${tag}warm`);
  const load = await drive(stripeUrl, { durationS: seconds, rate });
  await waitUntil(() => sink.delivered() >= load.accepted, knobs.settleS);
  beginRun(sink, tag);
}

/** Waits for the run's deliveries (up to BENCH_SETTLE_S), then its figures: delivered/s over max(first→last arrival, load time). */
export async function settle(sink, acked, loadS) {
  await waitUntil(() => sink.delivered() >= acked, knobs.settleS);
  const s = sink.stats();
  return { ...s, sent: issuedSinceTag(), acked, perSecond: s.delivered / (Math.max(s.spanMs, loadS * 1000) / 1000) };
}

/**
 * Sent (made by the load generator), acked (202), delivered (distinct payments at the downstream;
 * more than acked when requests cut off in flight at the load's end were committed all the same),
 * duplicates (a payment arriving again), strays (late arrivals of an earlier run or warm-up).
 */
export const deliveryText = (r) =>
  `${r.sent} sent, ${r.acked} acked, ${r.delivered} delivered (${r.delivered >= r.acked ? `${r.delivered - r.acked} unacked ones committed` : `${r.acked - r.delivered} acked ones not delivered when the wait (BENCH_SETTLE_S) ended`}), ${r.duplicates} duplicates (${r.sameEvent} redeliveries of the same hub event${r.duplicateSample ? `, e.g. ${r.duplicateSample}` : ''}), ${r.strays} strays, ${n(r.perSecond)} delivered/s, latency p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms`;
