// What the health rollup trigger costs the ingress, two ways:
// 1. throughput: the ingress' own group-commit statement (WebhookIngestor: 50 concurrent
//    webhooks, batches of up to 500, 4 statements in flight, 2 KB payloads) driven straight at
//    PostgreSQL, in alternating rounds with the trigger enabled and disabled on the same schema;
// 2. latency of one 50-webhook statement, alternating statement by statement between a schema
//    with the trigger and one without: machine load drifts far less between two statements than
//    between two rounds, so this one sees small differences the first cannot.
import pg from 'pg';
import { createPool, migrate } from '@hub/core/db';
import { WebhookIngestor } from '@hub/core/event-store';
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

/** Prints webhooks/s and statement latency with and without the rollup trigger; returns the medians. */
export async function rollupTriggerCostPhase({ databaseUrl, schema, print, rounds = Number(process.env.BENCH_TRIGGER_ROUNDS ?? 4), seconds = Number(process.env.BENCH_TRIGGER_ROUND_S ?? 5), statements = 400 }) {
  const bare = `${schema}_bare`;
  await migrate({ url: databaseUrl, schema });
  await migrate({ url: databaseUrl, schema: bare });
  const admin = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await admin.connect();
  await admin.query(`ALTER TABLE ${pg.escapeIdentifier(bare)}.events DISABLE TRIGGER events_rollup`);
  const pool = createPool({ url: databaseUrl, schema, appRole: 'hub_app', max: 12 });
  const barePool = createPool({ url: databaseUrl, schema: bare, appRole: 'hub_app', max: 2 });
  const ingestor = new WebhookIngestor(pool);
  try {
    await round(ingestor, 2); // warm-up
    const withTrigger = [];
    const without = [];
    for (let i = 0; i < rounds; i += 1) {
      await admin.query('ALTER TABLE events ENABLE TRIGGER events_rollup');
      withTrigger.push(await round(ingestor, seconds));
      await admin.query('ALTER TABLE events DISABLE TRIGGER events_rollup');
      without.push(await round(ingestor, seconds));
    }
    await admin.query('ALTER TABLE events ENABLE TRIGGER events_rollup');
    const fmt = (values) => values.map((v) => v.toFixed(0)).join(', ');
    print(`rollup trigger:  ingest statement, ${CONCURRENCY} concurrent webhooks: without the trigger ${fmt(without)} webhooks/s (median ${median(without).toFixed(0)}), with it ${fmt(withTrigger)} (median ${median(withTrigger).toFixed(0)}): ${((median(withTrigger) / median(without) - 1) * 100).toFixed(1)} %`);
    // One statement at a time (maxBatch 50: each batch of 50 is one INSERT).
    const single = new WebhookIngestor(pool, { maxBatch: 50, maxInFlight: 1 });
    const singleBare = new WebhookIngestor(barePool, { maxBatch: 50, maxInFlight: 1 });
    const latency = await interleaved(single, singleBare, statements);
    print(`rollup trigger:  one 50-webhook statement, ${statements} of each interleaved: median ${latency.without.toFixed(2)} ms without the trigger, ${latency.with.toFixed(2)} ms with it (+${(((latency.with - latency.without) / 50) * 1000).toFixed(0)} µs per webhook, ${((latency.with / latency.without - 1) * 100).toFixed(1)} %)`);
    return { with: median(withTrigger), without: median(without), latency };
  } finally {
    await ingestor.idle();
    await pool.end();
    await barePool.end();
    await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE; DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(bare)} CASCADE`);
    await admin.end();
  }
}
