// What keeping the health rollups costs the ingress, the fold of migration 0025 against the
// trigger of 0023 it replaced, two ways:
// 1. throughput: the ingress' own group-commit statement (WebhookIngestor: 50 concurrent
//    webhooks, batches of up to 500, 4 statements in flight, 2 KB payloads) driven straight at
//    PostgreSQL, in alternating rounds on a schema as migrated and one with 0023's trigger back;
// 2. latency of one 50-webhook statement, alternating statement by statement between the two
//    schemas: machine load drifts far less between two statements than between two rounds, so
//    this one sees small differences the first cannot.
import pg from 'pg';
import { createPool, migrate } from '@hub/core/db';
import { WebhookIngestor } from '@hub/core/event-store';
import { foldRollups } from '@hub/core/health';
import { installOldTrigger } from './lib/old-rollup-trigger.mjs';
import { nextWebhook } from './signed-webhooks.mjs';

const CONCURRENCY = 50;

async function round(ingestor, seconds) {
  let done = 0;
  const until = performance.now() + seconds * 1000;
  const lane = async () => {
    while (performance.now() < until) {
      const { body } = nextWebhook();
      await ingestor.ingest({ connector: 'stripe', account: null, providerEventId: `evt_${process.hrtime.bigint()}_${Math.random()}`, dataJson: `{"eventType":"payment_intent.succeeded","headers":{},"payload":${body}}` });
      done += 1;
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, lane));
  return done / ((performance.now() - started) / 1000);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function batchOf(n) {
  return Array.from({ length: n }, () => {
    const { body } = nextWebhook();
    return { connector: 'stripe', account: null, providerEventId: `evt_${process.hrtime.bigint()}_${Math.random()}`, dataJson: `{"eventType":"payment_intent.succeeded","headers":{},"payload":${body}}` };
  });
}

/** Median ms of one 50-webhook ingest statement with and without the trigger, interleaved. */
async function interleaved(withIngestor, withoutIngestor, statements) {
  const timings = { with: [], without: [] };
  for (let i = 0; i < statements; i += 1) {
    for (const [key, ingestor] of i % 2 ? [['with', withIngestor], ['without', withoutIngestor]] : [['without', withoutIngestor], ['with', withIngestor]]) {
      const started = performance.now();
      await Promise.all(batchOf(50).map((w) => ingestor.ingest(w)));
      timings[key].push(performance.now() - started);
    }
  }
  return { with: median(timings.with), without: median(timings.without) };
}

/**
 * The ingest statement with the rollups folded (migration 0025: the tx column and its index, no
 * trigger) against the same statement with 0023's trigger put back, in alternating rounds on two
 * schemas; then what folding the rounds' rows costs.
 */
export async function rollupCostPhase({ databaseUrl, schema, print, rounds = Number(process.env.BENCH_TRIGGER_ROUNDS ?? 4), seconds = Number(process.env.BENCH_TRIGGER_ROUND_S ?? 5), statements = 400 }) {
  const triggered = `${schema}_trigger`;
  await migrate({ url: databaseUrl, schema });
  await migrate({ url: databaseUrl, schema: triggered });
  await installOldTrigger(databaseUrl, triggered);
  const admin = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await admin.connect();
  const pool = createPool({ url: databaseUrl, schema, appRole: 'hub_app', max: 12 });
  const triggerPool = createPool({ url: databaseUrl, schema: triggered, appRole: 'hub_app', max: 12 });
  const folded = new WebhookIngestor(pool);
  const withTrigger = new WebhookIngestor(triggerPool);
  try {
    await round(folded, 2); // warm-up
    await round(withTrigger, 2);
    const foldRates = [];
    const triggerRates = [];
    for (let i = 0; i < rounds; i += 1) {
      triggerRates.push(await round(withTrigger, seconds));
      foldRates.push(await round(folded, seconds));
    }
    const fmt = (values) => values.map((v) => v.toFixed(0)).join(', ');
    print(`rollups:         ingest statement, ${CONCURRENCY} concurrent webhooks: folded (0025) ${fmt(foldRates)} webhooks/s (median ${median(foldRates).toFixed(0)}), 0023's trigger ${fmt(triggerRates)} (median ${median(triggerRates).toFixed(0)}): ${((median(foldRates) / median(triggerRates) - 1) * 100).toFixed(1)} % for the fold`);
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM events WHERE tx >= (SELECT folded_below FROM event_rollup_fold)`);
    const foldStarted = performance.now();
    await foldRollups(pool);
    const foldMs = performance.now() - foldStarted;
    print(`rollups:         folding those rounds' ${rows[0].n} webhooks at once: ${foldMs.toFixed(0)} ms (${((foldMs / rows[0].n) * 1000).toFixed(1)} µs per webhook, once, off the ingest path)`);
    // One statement at a time (maxBatch 50: each batch of 50 is one INSERT).
    const single = new WebhookIngestor(triggerPool, { maxBatch: 50, maxInFlight: 1 });
    const singleFolded = new WebhookIngestor(pool, { maxBatch: 50, maxInFlight: 1 });
    const latency = await interleaved(single, singleFolded, statements);
    print(`rollups:         one 50-webhook statement, ${statements} of each interleaved: median ${latency.without.toFixed(2)} ms folded, ${latency.with.toFixed(2)} ms with 0023's trigger (${(((latency.without - latency.with) / 50) * 1000).toFixed(0)} µs per webhook, ${((latency.without / latency.with - 1) * 100).toFixed(1)} %)`);
    return { folded: median(foldRates), trigger: median(triggerRates), latency };
  } finally {
    await Promise.all([folded.idle(), withTrigger.idle()]);
    await pool.end();
    await triggerPool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE; DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(triggered)} CASCADE`);
    await admin.end();
  }
}
