// The events explorer's queries at 1,000,000 stored events (BENCH_ONLY=explorer npm run bench):
// the first page, a deep keyset page, filters, searches (provider event id, a declared field, a
// word in every webhook) and an export's pages, each timed as the console runs it (listWebhooks).
import pg from 'pg';
import { createPool, ensureDatabase, migrate } from '@hub/core/db';
import { listWebhooks } from '@hub/core/event-explorer';
import { medianP95 } from './lib/timing.mjs';

const CONNECTORS = ['stripe', 'github', 'shopify', 'slack', 'zendesk', 'intercom', 'resend', 'jira', 'salesforce', 'hubspot', 'twilio', 'sendgrid'];
const ACCOUNTS = ['acct_a', 'acct_b', 'acct_c'];
const EVENTS = 1_000_000;
const PER_WEBHOOK = 5;
const WEBHOOKS = EVENTS / PER_WEBHOOK;
const CHUNK = 20_000; // webhooks per INSERT (100,000 events)
const SPAN_MS = 48 * 3600 * 1000;
const TARGET_MS = 100;

// Ids as UUIDv7 are: the millisecond of receipt first (48 bits), then a tie-breaker. Five events
// per webhook (received, processing, action.requested, an action outcome, an outcome): ~2 %
// dead-lettered, ~1 % quarantined. Each webhook has a provider id, a customer e-mail (one of
// 50,000) and a customer id: what event_search holds for a Stripe-like connector.
const LOAD_SQL = `
WITH w AS (
  SELECT w, now() - make_interval(secs => ($3::int - w) * $4::float8 / 1000 / $3::int) AS at,
         lpad(to_hex((extract(epoch FROM now() - make_interval(secs => ($3::int - w) * $4::float8 / 1000 / $3::int)) * 1000)::bigint), 12, '0') AS ms
  FROM generate_series($1::int, $2::int) AS w
)
INSERT INTO events (id, stream, connector, account, type, provider_event_id, data, created_at)
SELECT (ms || lpad(to_hex(w * 8 + s), 20, '0'))::uuid, (ms || lpad(to_hex(w * 8), 20, '0'))::uuid,
  ($5::text[])[1 + w % 12], ($6::text[])[1 + (w / 12) % 3],
  CASE s WHEN 0 THEN 'webhook.received' WHEN 1 THEN 'webhook.processing' WHEN 2 THEN 'action.requested'
    WHEN 3 THEN CASE WHEN w % 50 = 0 THEN 'action.failed' ELSE 'action.succeeded' END
    ELSE CASE WHEN w % 50 = 0 THEN 'webhook.dead_lettered' WHEN w % 97 = 0 THEN 'webhook.quarantined' ELSE 'webhook.processed' END END,
  CASE WHEN s = 0 THEN 'evt_' || md5(w::text) END,
  CASE WHEN s = 0 THEN jsonb_build_object('eventType', 'bench.event_' || (w % 4), 'headers', '{}'::jsonb,
         'payload', jsonb_build_object('id', 'evt_' || md5(w::text), 'data', jsonb_build_object('object', jsonb_build_object('customer', 'cus_' || substr(md5('c' || w), 1, 14), 'receipt_email', 'user' || (w % 50000) || '@shop' || (w % 7) || '.example'))))
       ELSE '{}'::jsonb END,
  at + make_interval(secs => s * 0.001)
FROM w, generate_series(0, 4) AS s`;

// What the worker writes (searchLexemes): whole values lower-cased and their words.
const SEARCH_SQL = `
INSERT INTO event_search (event_id, connector, account, event_type, terms)
SELECT id, connector, account, data->>'eventType', array_to_tsvector(ARRAY(SELECT DISTINCT x FROM unnest(ARRAY[
  lower(provider_event_id), data->'payload'->'data'->'object'->>'customer',
  data->'payload'->'data'->'object'->>'receipt_email',
  split_part(data->'payload'->'data'->'object'->>'receipt_email', '@', 1),
  split_part(split_part(data->'payload'->'data'->'object'->>'receipt_email', '@', 2), '.', 1), 'example']) AS x))
FROM events WHERE type = 'webhook.received' AND id >= $1::uuid AND id < $2::uuid`;

function stats(ms) {
  const { median, p95 } = medianP95(ms);
  return `median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms${p95 < TARGET_MS ? '' : `  ** over the ${TARGET_MS} ms target`}`;
}

export async function explorerPhase({ databaseUrl, schema, print, runs = Number(process.env.BENCH_EXPLORER_RUNS ?? 30), keep = process.env.BENCH_EXPLORER_KEEP === '1' }) {
  await ensureDatabase(databaseUrl);
  await migrate({ url: databaseUrl, schema });
  const admin = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await admin.connect();
  const pool = createPool({ url: databaseUrl, schema, appRole: 'hub_app', max: 4 });
  try {
    const started = performance.now();
    for (let lo = 0; lo < WEBHOOKS; lo += CHUNK) await admin.query(LOAD_SQL, [lo, lo + CHUNK - 1, WEBHOOKS, SPAN_MS, CONNECTORS, ACCOUNTS]);
    await admin.query(SEARCH_SQL, ['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);
    await admin.query('ANALYZE events; ANALYZE event_search');
    const { rows: [counts] } = await admin.query(`SELECT (SELECT count(*) FROM events)::int AS events, (SELECT count(*) FROM event_search)::int AS search, pg_size_pretty(pg_total_relation_size('event_search')) AS size`);
    print(`explorer:        loaded ${counts.events} events (${WEBHOOKS} webhooks, ${CONNECTORS.length} connectors x ${ACCOUNTS.length} accounts, over 48 h) and ${counts.search} search rows (${counts.size} with indexes) in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    // Cursors and values spread over the data, a different one each run.
    const { rows: received } = await admin.query(`SELECT id, provider_event_id, data->'payload'->'data'->'object'->>'customer' AS customer, data->'payload'->'data'->'object'->>'receipt_email' AS email FROM events WHERE type = 'webhook.received' AND connector = 'stripe' ORDER BY id DESC`);
    const pick = (i, from = 0) => received[from + ((i * 7919) % (received.length - from))];
    const deepFrom = Math.floor(received.length * 0.9); // cursors 90 % of the way back: ~900,000 events deep
    const list = (filters, page = {}) => listWebhooks(pool, filters, { limit: 50, ...page }, CONNECTORS);
    const cases = [
      ['first page, no filter', () => list({})],
      ['first page, one connector', () => list({ connector: 'stripe' })],
      ['deep keyset page (~900,000 events back), no filter', (i) => list({}, { before: pick(i, deepFrom).id })],
      ['deep keyset page, one connector', (i) => list({ connector: 'stripe' }, { before: pick(i, deepFrom).id })],
      ['connector + account + status dead_lettered (2 %)', () => list({ connector: 'stripe', account: 'acct_b', status: 'dead_lettered' })],
      ['one hour, 40 h ago', () => list({ from: new Date(Date.now() - 40 * 3600 * 1000), to: new Date(Date.now() - 39 * 3600 * 1000) })],
      ['one hour, 40 h ago, one connector, status processed', () => list({ connector: 'stripe', status: 'processed', from: new Date(Date.now() - 40 * 3600 * 1000), to: new Date(Date.now() - 39 * 3600 * 1000) })],
      ['search: a provider event id', (i) => list({ search: pick(i).provider_event_id })],
      ['search: a customer id (declared field)', (i) => list({ search: pick(i).customer })],
      ['search: an e-mail address (4 webhooks each)', (i) => list({ search: `user${(i * 131) % 50000}@shop${((i * 131) % 50000) % 7}.example` })],
      ['search: a prefix (cus_ab*)', (i) => list({ search: `cus_${'0123456789abcdef'[i % 16]}${'0123456789abcdef'[(i * 7) % 16]}*` })],
      ['search: a word in every webhook (example)', () => list({ search: 'example' })],
      ['search: a word of an e-mail (user123) + connector + status processed', (i) => list({ search: pick(i).email.split('@')[0], connector: 'stripe', status: 'processed' })],
      ['search: a customer id, deep page (before a cursor 90 % back)', (i) => list({ search: pick(i, deepFrom).customer }, { before: pick(i + 1, deepFrom).id })],
      ['search: a word in every webhook + status dead_lettered', () => list({ search: 'example', status: 'dead_lettered' })],
      ['search: a word in every webhook + connector + account + dead_lettered', () => list({ search: 'example', connector: 'stripe', account: 'acct_b', status: 'dead_lettered' })],
      ['search: a word in every webhook, deep page', (i) => list({ search: 'example' }, { before: pick(i, deepFrom).id })],
    ];
    for (const [name, run] of cases) {
      await run(0); // warm-up: plans, buffers
      const ms = [];
      for (let i = 1; i <= runs; i += 1) {
        const t = performance.now();
        const page = await run(i);
        ms.push(performance.now() - t);
        if (i === 1 && page.events.length === 0 && !name.includes('dead_lettered (2')) print(`explorer:        (note: "${name}" found nothing)`);
      }
      print(`explorer:        ${name.padEnd(68)} ${stats(ms)}`);
    }

    // An export of one connector's whole list: pages of 500, as GET /api/events/export reads them.
    const exportStarted = performance.now();
    let rows = 0;
    let before;
    for (;;) {
      const page = await listWebhooks(pool, { connector: 'stripe' }, { before, limit: 500 }, CONNECTORS);
      rows += page.events.length;
      if (!page.next) break;
      before = page.next;
    }
    const exportS = (performance.now() - exportStarted) / 1000;
    print(`explorer:        export pages of one connector: ${rows} rows in ${exportS.toFixed(1)} s (${Math.round(rows / exportS)} rows/s, one 500-row page every ${((exportS * 1000 * 500) / rows).toFixed(1)} ms)`);
  } finally {
    await pool.end();
    if (keep) print(`explorer:        kept schema ${schema}`);
    else await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await admin.end();
  }
}
