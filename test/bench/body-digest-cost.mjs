// What the body-digest dedupe (migration 0011) costs the ingest statement: one 50-webhook
// statement at a time, interleaved statement by statement (machine load drifts less between two
// statements than between two runs), four ways on the same schema:
//   stripe before:      the statement as it was (ON CONFLICT on the provider event id only);
//   stripe now:         today's statement for a timestamp scheme (body_digest NULL);
//   github no digest:   today's statement, GitHub bodies, the digest left out (what GitHub cost before);
//   github with digest: today's statement for a body-digest scheme (a second unique index).
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { createPool, migrate } from '@hub/core/db';
import { WebhookIngestor } from '@hub/core/event-store';
import { nextGithubRequest, nextWebhook } from './signed-webhooks.mjs';

const BEFORE_SQL = `
WITH input AS (
  SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, connector text, account text, provider_event_id text, data jsonb)
), inserted AS (
  INSERT INTO events (id, stream, connector, account, type, provider_event_id, data)
  SELECT id, id, connector, account, 'webhook.received', provider_event_id, data FROM input
  ON CONFLICT (connector, provider_event_id) WHERE type = 'webhook.received' DO NOTHING
  RETURNING id, connector
), queued AS (
  INSERT INTO outbox (event_id, connector) SELECT id, connector FROM inserted ORDER BY id
)
SELECT id FROM inserted`;

/** A time-ordered id, as the ingestor's (uuid v7): random ids would spread the inserts over the primary key's btree. */
function uuidv7() {
  const b = randomBytes(16);
  b.writeUIntBE(Date.now(), 0, 6);
  b[6] = (b[6] & 0x0f) | 0x70;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const unique = () => `${process.hrtime.bigint()}_${Math.random()}`;

function stripeBatch() {
  return Array.from({ length: 50 }, () => ({ connector: 'stripe', account: null, providerEventId: `evt_${unique()}`, dataJson: `{"eventType":"payment_intent.succeeded","headers":{},"payload":${nextWebhook().body}}` }));
}

function githubBatch(withDigest) {
  return Array.from({ length: 50 }, () => {
    const { body } = nextGithubRequest();
    const digest = withDigest ? { bodyDigest: createHash('sha256').update(body).digest('hex') } : {};
    return { connector: 'github', account: null, providerEventId: unique(), ...digest, dataJson: `{"eventType":"push","headers":{},"payload":${body}}` };
  });
}

export async function bodyDigestCostPhase({ databaseUrl, schema, print, statements = Number(process.env.BENCH_DIGEST_STATEMENTS ?? 400) }) {
  await migrate({ url: databaseUrl, schema });
  const pool = createPool({ url: databaseUrl, schema, appRole: 'hub_app', max: 4 });
  const ingestor = new WebhookIngestor(pool, { maxBatch: 50, maxInFlight: 1 });
  const variants = {
    'stripe before': async () => {
      const json = stripeBatch().map((w) => `{"id":"${uuidv7()}","connector":"stripe","account":null,"provider_event_id":${JSON.stringify(w.providerEventId)},"data":${w.dataJson}}`);
      await pool.query(BEFORE_SQL, [`[${json.join(',')}]`]);
    },
    'stripe now': () => Promise.all(stripeBatch().map((w) => ingestor.ingest(w))),
    'github no digest': () => Promise.all(githubBatch(false).map((w) => ingestor.ingest(w))),
    'github with digest': () => Promise.all(githubBatch(true).map((w) => ingestor.ingest(w))),
  };
  const timings = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  try {
    for (let i = 0; i < 20; i += 1) for (const run of Object.values(variants)) await run(); // warm-up
    for (let i = 0; i < statements; i += 1) {
      const order = Object.entries(variants);
      for (let r = 0; r < i % order.length; r += 1) order.push(order.shift());
      for (const [name, run] of order) {
        const started = performance.now();
        await run();
        timings[name].push(performance.now() - started);
      }
    }
    const m = Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, median(v)]));
    const vs = (k, base) => `${m[k].toFixed(2)} ms (${((m[k] / m[base] - 1) * 100).toFixed(1)} %, ${(((m[k] - m[base]) / 50) * 1000).toFixed(0)} µs per webhook)`;
    print(`body digest:     one 50-webhook statement, ${statements} of each interleaved, medians: Stripe before ${m['stripe before'].toFixed(2)} ms, now ${vs('stripe now', 'stripe before')}; GitHub without the digest ${m['github no digest'].toFixed(2)} ms, with it ${vs('github with digest', 'github no digest')}`);
    return m;
  } finally {
    await pool.end();
    const admin = new pg.Client({ connectionString: databaseUrl });
    await admin.connect();
    await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
    await admin.end();
  }
}
