// Health queries at 1,000,000 stored events: the rollup-based model (what /api/health, the
// console and `hub health` run) against the direct scan of events it replaced.
import pg from 'pg';
import { createPool, migrate } from '@hub/core/db';
import { connectorHealth, foldRollups } from '@hub/core/health';
import { chartQueriesPhase } from './chart-queries.mjs';
import { medianP95, timeRuns } from './lib/timing.mjs';

const CONNECTORS = ['stripe', 'github', 'shopify', 'slack', 'zendesk', 'intercom', 'resend', 'jira', 'salesforce', 'hubspot', 'twilio', 'sendgrid'];
const ACCOUNTS = ['acct_a', 'acct_b', 'acct_c'];
const EVENTS = 1_000_000;
const CHUNK = 100_000;
const SPAN_S = 48 * 3600; // two days: the 24 h window holds half of them

// Five events per webhook (received, processing, action.requested, one action outcome with its
// duration, one outcome), ~2 % dead-lettered, ~1 % quarantined, ~1 % failed and still pending.
// Payloads are small: the health queries never read them. Ids grow with time, as UUIDv7 do.
const LOAD_SQL = `
INSERT INTO events (id, stream, connector, account, type, data, created_at)
SELECT lpad(to_hex(g), 32, '0')::uuid, md5('bench' || w)::uuid, ($3::text[])[1 + w % $5], ($4::text[])[1 + (w / $5) % 3],
  CASE g % 5 WHEN 0 THEN 'webhook.received' WHEN 1 THEN 'webhook.processing' WHEN 2 THEN 'action.requested'
    WHEN 3 THEN CASE WHEN w % 50 = 0 THEN 'action.failed' ELSE 'action.succeeded' END
    ELSE CASE WHEN w % 50 = 0 THEN 'webhook.dead_lettered' WHEN w % 97 = 0 THEN 'webhook.quarantined'
              WHEN w % 101 = 0 THEN 'webhook.failed' ELSE 'webhook.processed' END END,
  CASE WHEN g % 5 = 3 THEN jsonb_build_object('durationMs', round((20 + 600 * random() ^ 3)::numeric, 1))
       WHEN g % 5 = 4 AND w % 50 = 0 THEN '{"class": "permanent"}'::jsonb
       WHEN g % 5 = 4 AND w % 97 = 0 THEN '{"class": "data_format"}'::jsonb
       WHEN g % 5 = 4 AND w % 101 = 0 THEN '{"class": "transient"}'::jsonb
       ELSE '{"eventType": "bench.event"}'::jsonb END,
  now() - make_interval(secs => ($6::int - g) * $7::float8 / $6::int)
FROM generate_series($1::int, $2::int) AS g, LATERAL (SELECT g / 5 AS w) AS s`;

// The query the health model ran before the rollups (one scan per window).
const DIRECT_SQL = `
SELECT connector, count(*) FILTER (WHERE type = 'webhook.received') AS received,
  count(*) FILTER (WHERE type = 'webhook.processed') AS processed,
  count(*) FILTER (WHERE type = 'webhook.failed' AND data->>'class' = 'transient') AS failed_transient,
  count(*) FILTER (WHERE type = 'webhook.quarantined') AS quarantined,
  count(*) FILTER (WHERE type = 'webhook.dead_lettered') AS dead_lettered,
  percentile_cont(0.95) WITHIN GROUP (ORDER BY (data->>'durationMs')::float) FILTER (WHERE type = 'action.succeeded') AS p95
FROM events WHERE type = ANY($1::text[]) AND created_at >= now() - $2::interval GROUP BY connector`;

const stats = (ms) => {
  const { median, p95 } = medianP95(ms);
  return `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms (${ms.length} runs)`;
};

/** Loads 1M events into a schema of its own, then times the health queries. Returns the figures. */
export async function healthPhase({ databaseUrl, schema, print, runs = Number(process.env.BENCH_HEALTH_RUNS ?? 30), keep = process.env.BENCH_HEALTH_KEEP === '1' }) {
  await migrate({ url: databaseUrl, schema });
  const admin = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await admin.connect();
  const pool = createPool({ url: databaseUrl, schema, appRole: 'hub_app', max: 4 });
  try {
    const loadStarted = performance.now();
    for (let lo = 0; lo < EVENTS; lo += CHUNK) {
      await admin.query(LOAD_SQL, [lo, lo + CHUNK - 1, CONNECTORS, ACCOUNTS, CONNECTORS.length, EVENTS, SPAN_S]);
    }
    const loadedS = (performance.now() - loadStarted) / 1000;
    // What the workers' periodic fold does a second at a time, here for every event at once.
    const foldStarted = performance.now();
    await foldRollups(pool);
    const foldS = (performance.now() - foldStarted) / 1000;
    await admin.query('ANALYZE events; ANALYZE event_rollups; ANALYZE pending_webhooks');
    const { rows } = await admin.query(`SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM event_rollups)::int AS rollups, (SELECT count(*) FROM pending_webhooks)::int AS pending, (SELECT count(*) FROM events WHERE tx >= (SELECT folded_below FROM event_rollup_fold))::int AS unfolded`);
    print(`health:          loaded ${rows[0].events} events (${CONNECTORS.length} connectors x ${ACCOUNTS.length} accounts, over 48 h) in ${loadedS.toFixed(1)} s, folded in ${foldS.toFixed(1)} s: ${rows[0].rollups} rollup rows, ${rows[0].pending} pending webhooks, ${rows[0].unfolded} events left unfolded`);

    await connectorHealth(pool, CONNECTORS); // warm-up: plans, buffers
    const all = await timeRuns(runs, () => connectorHealth(pool, CONNECTORS));
    print(`health:          all ${CONNECTORS.length} connectors, 5m/1h/24h windows, pending + oldest age, circuits, last success: ${stats(all)} (target < 100 ms)`);
    // A second of traffic at 2,000 webhooks/s not folded yet (5 events each, 4 of them counted): what readers add live.
    await admin.query(LOAD_SQL, [EVENTS, EVENTS + 9_999, CONNECTORS, ACCOUNTS, CONNECTORS.length, EVENTS + 10_000, 1]);
    await connectorHealth(pool, CONNECTORS);
    const withTail = await timeRuns(runs, () => connectorHealth(pool, CONNECTORS));
    print(`health:          the same with 10,000 events (2,000 webhooks) not folded yet: ${stats(withTail)}`);
    const byAccount = await timeRuns(runs, () => connectorHealth(pool, CONNECTORS, { byAccount: true }));
    print(`health:          the same with the per-account breakdown: ${stats(byAccount)}`);
    const one = await timeRuns(runs, () => connectorHealth(pool, ['stripe']));
    print(`health:          one connector: ${stats(one)}`);
    const types = ['webhook.received', 'webhook.processed', 'webhook.failed', 'webhook.quarantined', 'webhook.dead_lettered', 'action.succeeded'];
    const direct = await timeRuns(3, async () => {
      for (const interval of ['5 minutes', '1 hour', '24 hours']) await pool.query(DIRECT_SQL, [types, interval]);
    });
    print(`health:          before (direct scans of events, the replaced query): ${stats(direct)}`);
    const [sample] = await connectorHealth(pool, ['stripe']);
    print(`health:          stripe 24h: received ${sample.windows['24h'].received}, success ${(sample.windows['24h'].successRate * 100).toFixed(1)} %, p50/p95/p99 ${sample.windows['24h'].latencyMs.p50}/${sample.windows['24h'].latencyMs.p95}/${sample.windows['24h'].latencyMs.p99} ms, pending ${sample.queue.pending}`);
    const charts = await chartQueriesPhase({ pool, admin, connectors: CONNECTORS, account: ACCOUNTS[0], print, runs });
    return { all, withTail, byAccount, one, direct, charts };
  } finally {
    await pool.end();
    // BENCH_HEALTH_KEEP=1 leaves the loaded schema for EXPLAIN ANALYZE.
    if (keep) print(`health:          kept schema ${schema}`);
    else await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await admin.end();
  }
}
