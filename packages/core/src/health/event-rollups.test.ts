import { copyFile, mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { v7 as uuidv7 } from 'uuid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { DEFAULT_MIGRATIONS_DIR, migrate } from '../db/index.js';
import { EventStore } from '../event-store/index.js';
import { WebhookIngestor } from '../event-store/webhook-ingestor.js';
import { LATENCY_BOUNDS_MS, LATENCY_BUCKET_COLUMNS } from './latency-buckets.js';
import { pruneRollups } from './prune-rollups.js';
import pg from 'pg';

let db: TestDatabase;

const TYPES = ['webhook.received', 'webhook.processing', 'webhook.processed', 'webhook.failed', 'webhook.quarantined', 'webhook.dead_lettered', 'action.requested', 'action.succeeded', 'action.failed', 'action.throttled', 'webhook.replayed'];
const CLASSES = ['transient', 'permanent', 'data_format', undefined];

/** A deterministic pseudo-random sequence: the sample is mixed but the same on every run. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return s / 2 ** 31;
  };
}

// The same figures computed straight from events: what the rollups must always equal (sums of
// float durations rounded: their order of addition differs).
const directSql = (grain: 'minute' | 'hour') => `
SELECT date_trunc('${grain}', created_at) AS ${grain}, connector, coalesce(account, '') AS account,
  count(*) FILTER (WHERE type = 'webhook.received')::int AS received,
  count(*) FILTER (WHERE type = 'webhook.processed')::int AS processed,
  count(*) FILTER (WHERE type = 'webhook.failed' AND data->>'class' = 'transient')::int AS failed_transient,
  count(*) FILTER (WHERE type = 'webhook.failed' AND data->>'class' = 'permanent')::int AS failed_permanent,
  count(*) FILTER (WHERE type IN ('webhook.failed', 'webhook.quarantined') AND data->>'class' = 'data_format')::int AS failed_data_format,
  count(*) FILTER (WHERE type = 'webhook.quarantined')::int AS quarantined,
  count(*) FILTER (WHERE type = 'webhook.dead_lettered')::int AS dead_lettered,
  count(*) FILTER (WHERE type = 'action.throttled')::int AS throttled,
  count(*) FILTER (WHERE type IN ('action.succeeded', 'action.failed'))::int AS calls,
  count(*) FILTER (WHERE type = 'action.failed')::int AS call_failures,
  round(coalesce(sum((data->>'durationMs')::float8) FILTER (WHERE type IN ('action.succeeded', 'action.failed')), 0)::numeric, 3)::float8 AS latency_sum_ms,
  max(created_at) FILTER (WHERE type = 'webhook.processed') AS last_success_at
FROM events WHERE type <> 'circuit.opened'
GROUP BY 1, 2, 3
HAVING count(*) FILTER (WHERE type IN ('webhook.received', 'webhook.processed', 'webhook.failed', 'webhook.quarantined', 'webhook.dead_lettered', 'action.succeeded', 'action.failed', 'action.throttled')) > 0
ORDER BY 1, 2, 3`;

// A minute or hour has one row per shard (the writing connection's, migration 0023): summed here as readers do.
const rollupSql = (grain: 'minute' | 'hour') => `
SELECT ${grain}, connector, account, ${['received', 'processed', 'failed_transient', 'failed_permanent', 'failed_data_format', 'quarantined', 'dead_lettered', 'throttled', 'calls', 'call_failures'].map((c) => `sum(${c})::int AS ${c}`).join(', ')},
  round(sum(latency_sum_ms)::numeric, 3)::float8 AS latency_sum_ms, max(last_success_at) AS last_success_at
FROM ${grain === 'minute' ? 'event_rollups' : 'event_rollups_hourly'} GROUP BY 1, 2, 3 ORDER BY 1, 2, 3`;

// Each stream whose last lifecycle event queued it (received or replayed) is pending.
const DIRECT_PENDING_SQL = `
SELECT stream, connector FROM (
  SELECT DISTINCT ON (stream) stream, connector, type FROM events
  WHERE type IN ('webhook.received', 'webhook.replayed', 'webhook.processed', 'webhook.quarantined', 'webhook.dead_lettered')
  ORDER BY stream, id DESC) AS last
WHERE type IN ('webhook.received', 'webhook.replayed') ORDER BY stream`;

interface SampleEvent {
  stream: string;
  connector: string;
  account: string | null;
  type: string;
  data: Record<string, unknown>;
  minutesAgo: number;
}

interface Streams {
  /** Streams received in earlier (committed) statements, with their connector and account. */
  committed: Map<string, { connector: string; account: string | null }>;
  /** Streams received in the statements being written now: usable once these commit. */
  next: Map<string, { connector: string; account: string | null }>;
  /** Streams given a lifecycle event by one of the concurrent statements: a stream's lifecycle is causal, never concurrent. */
  busy: Set<string>;
}

const LIFECYCLE = new Set(['webhook.received', 'webhook.replayed', 'webhook.processed', 'webhook.quarantined', 'webhook.dead_lettered']);

function mixedSample(random: () => number, count: number, streams: Streams): SampleEvent[] {
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const known = [...streams.committed.keys()];
  return Array.from({ length: count }, () => {
    const type = pick(TYPES);
    let stream = known.length > 0 && type !== 'webhook.received' ? pick(known) : uuidv7();
    if (LIFECYCLE.has(type) && streams.busy.has(stream)) stream = uuidv7(); // an event of a stream never received
    if (LIFECYCLE.has(type)) streams.busy.add(stream);
    const owner = streams.committed.get(stream) ?? { connector: pick(['stripe', 'github', 'shopify']), account: pick([null, 'acct_a', 'acct_b']) };
    if (type === 'webhook.received') streams.next.set(stream, owner);
    const data: Record<string, unknown> = {};
    const cls = pick(CLASSES);
    if (cls) data.class = cls;
    if (type.startsWith('action.') && random() < 0.9) data.durationMs = Math.round(random() ** 3 * 40_000 * 100) / 100;
    return { stream, ...owner, type, data, minutesAgo: Math.floor(random() * 180) };
  });
}

function newStreams(): Streams {
  return { committed: new Map(), next: new Map(), busy: new Set() };
}

function commitStreams(streams: Streams): void {
  for (const [id, owner] of streams.next) streams.committed.set(id, owner);
  streams.next.clear();
  streams.busy.clear();
}

async function insertStatement(pool: pg.Pool, events: readonly SampleEvent[]): Promise<void> {
  const rows = events.map((e) => ({ id: uuidv7(), ...e }));
  await pool.query(
    `INSERT INTO events (id, stream, connector, account, type, data, created_at)
     SELECT id, stream, connector, account, type, data, now() - make_interval(mins => "minutesAgo")
     FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, stream uuid, connector text, account text, type text, data jsonb, "minutesAgo" int)`,
    [JSON.stringify(rows)],
  );
}

async function expectRollupsEqualDirectCounts(admin: pg.Pool): Promise<void> {
  for (const grain of ['minute', 'hour'] as const) {
    const [direct, rollups] = await Promise.all([admin.query(directSql(grain)), admin.query(rollupSql(grain))]);
    expect(direct.rows.length).toBeGreaterThan(0);
    expect(rollups.rows).toEqual(direct.rows);
  }
  // Each histogram bucket too: the durations of a minute fall in the same buckets as width_bucket puts them.
  const buckets = await admin.query(`
    SELECT r.minute, r.connector, r.account, r.rollup,
      (SELECT array_agg((SELECT count(*) FROM events e
         WHERE date_trunc('minute', e.created_at) = r.minute AND e.connector = r.connector AND coalesce(e.account, '') = r.account
           AND e.type IN ('action.succeeded', 'action.failed') AND e.data ? 'durationMs'
           AND width_bucket((e.data->>'durationMs')::float8, rollup_latency_bounds()) = i)::int ORDER BY i)
       FROM generate_series(0, ${LATENCY_BUCKET_COLUMNS.length - 1}) AS i) AS direct
    FROM (SELECT minute, connector, account, ARRAY[${LATENCY_BUCKET_COLUMNS.map((c) => `sum(${c})::int`).join(', ')}] AS rollup
          FROM event_rollups GROUP BY 1, 2, 3) AS r`);
  for (const row of buckets.rows) expect(row.rollup).toEqual(row.direct);
  const [pendingDirect, pendingKept] = await Promise.all([admin.query(DIRECT_PENDING_SQL), admin.query('SELECT stream, connector FROM pending_webhooks ORDER BY stream')]);
  expect(pendingKept.rows).toEqual(pendingDirect.rows);
}

beforeAll(async () => {
  db = await createTestDatabase('rollups');
});
afterAll(async () => {
  await db.drop();
});

describe('event rollups', () => {
  it('keep the same bucket bounds as the TypeScript histogram', async () => {
    const { rows } = await db.admin.query<{ bounds: number[] }>('SELECT rollup_latency_bounds() AS bounds');
    expect(rows[0]?.bounds).toEqual([...LATENCY_BOUNDS_MS]);
    expect(LATENCY_BUCKET_COLUMNS).toHaveLength(LATENCY_BOUNDS_MS.length + 1);
  });

  it('equal a direct count over events for a mixed sample written in many statements, concurrently, by the app role', async () => {
    const random = lcg(42);
    const streams = newStreams();
    // Four writers at once, like the ingress and worker group commits: upserts of the same minute rows must not lose counts.
    for (let round = 0; round < 10; round += 1) {
      const batches = Array.from({ length: 4 }, () => mixedSample(random, 1 + Math.floor(random() * 60), streams));
      await Promise.all(batches.map((batch) => insertStatement(db.pool, batch)));
      commitStreams(streams);
    }
    // The ingress' own statement (ON CONFLICT DO NOTHING for duplicates inside a data-modifying CTE).
    const ingestor = new WebhookIngestor(db.pool);
    const webhooks = Array.from({ length: 30 }, (_, i) => ({ connector: 'stripe', account: i % 2 ? 'acct_a' : null, providerEventId: `evt_${i % 20}`, dataJson: '{}' }));
    const results = await Promise.all(webhooks.map((w) => ingestor.ingest(w)));
    expect(results.filter((r) => r.duplicate)).toHaveLength(10);
    // Appends through the event store (the worker's path).
    await new EventStore(db.pool).append(results.slice(0, 5).map((r) => ({ stream: r.eventId, connector: 'stripe', type: 'webhook.processed', data: {} })));
    await expectRollupsEqualDirectCounts(db.admin);
  });

  it('let two connections write the same connector and minute without waiting for each other (rows per shard, migration 0023)', async () => {
    // Before 0023 the second INSERT waited on the first transaction's lock of the minute's rollup row until it committed.
    const clients: pg.PoolClient[] = [];
    try {
      const shards = new Map<number, pg.PoolClient>();
      while (shards.size < 2 && clients.length < 40) {
        const client = await db.pool.connect();
        clients.push(client);
        const { rows } = await client.query<{ shard: number }>('SELECT pg_backend_pid() % 32 AS shard');
        shards.set(rows[0]?.shard as number, shards.get(rows[0]?.shard as number) ?? client);
      }
      const [first, second] = [...shards.values()];
      if (!first || !second) throw new Error('no two connections in different shards');
      const insert = (client: pg.PoolClient) =>
        client.query(`INSERT INTO events (id, stream, connector, type, data) VALUES ($1, $1, 'shardco', 'webhook.received', '{}')`, [uuidv7()]);
      await first.query('BEGIN');
      await insert(first);
      await second.query(`SET statement_timeout = '2s'`);
      await insert(second); // would time out waiting for `first`
      await first.query('COMMIT');
      await second.query('RESET statement_timeout');
      const { rows } = await db.admin.query<{ n: number; shards: number }>(`SELECT sum(received)::int AS n, count(*)::int AS shards FROM event_rollups WHERE connector = 'shardco'`);
      expect(rows[0]).toEqual({ n: 2, shards: 2 });
    } finally {
      for (const client of clients) client.release();
    }
  });

  it('leave events append-only: the app role still cannot update or delete one', async () => {
    const { rows } = await db.pool.query<{ id: string }>('SELECT id FROM events LIMIT 1');
    await expect(db.pool.query(`UPDATE events SET type = 'x' WHERE id = $1`, [rows[0]?.id])).rejects.toMatchObject({ code: '42501' });
    await expect(db.pool.query(`DELETE FROM events WHERE id = $1`, [rows[0]?.id])).rejects.toMatchObject({ code: '42501' });
  });

  it('are pruned past their retention by the app role, minute rows sooner than hour rows', async () => {
    const old = mixedSample(lcg(3), 40, newStreams()).map((e) => ({ ...e, minutesAgo: 4 * 24 * 60 }));
    await insertStatement(db.pool, old);
    const count = async (table: string) => (await db.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${table} WHERE ${table === 'event_rollups' ? 'minute' : 'hour'} < now() - interval '3 days'`)).rows[0]?.n;
    expect(await count('event_rollups')).toBeGreaterThan(0);
    const pruned = await pruneRollups(db.pool);
    expect(pruned.minutes).toBeGreaterThan(0);
    expect(pruned.hours).toBe(0);
    expect(await count('event_rollups')).toBe(0);
    expect(await count('event_rollups_hourly')).toBeGreaterThan(0);
  });

  it('are backfilled from the events stored before the migration', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-rollup-backfill-'));
    const files = (await readdir(DEFAULT_MIGRATIONS_DIR)).filter((n) => n.endsWith('.sql'));
    const rollupMigration = files.find((n) => /_health_rollups\.sql$/.test(n)) as string;
    for (const name of files.filter((n) => n < rollupMigration)) await copyFile(path.join(DEFAULT_MIGRATIONS_DIR, name), path.join(dir, name));
    const schema = `${db.schema}_backfill`;
    await migrate({ url: db.url, schema, dir });
    const admin = new pg.Pool({ connectionString: db.url, max: 2, options: `-c search_path=${schema}` });
    try {
      const random = lcg(7);
      const streams = newStreams();
      for (let i = 0; i < 5; i += 1) {
        await insertStatement(admin, mixedSample(random, 50, streams));
        commitStreams(streams);
      }
      await copyFile(path.join(DEFAULT_MIGRATIONS_DIR, rollupMigration), path.join(dir, rollupMigration));
      expect((await migrate({ url: db.url, schema, dir })).applied).toEqual([rollupMigration]);
      await expectRollupsEqualDirectCounts(admin);
    } finally {
      await admin.query(`DROP SCHEMA ${pg.escapeIdentifier(schema)} CASCADE`);
      await admin.end();
    }
  });
});
