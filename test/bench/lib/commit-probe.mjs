// One-row commits made beside a run, each flushed on its own: how long a commit waited on this
// machine's disk meanwhile, whatever the hub did. An ack cannot come before its commit's flush,
// so a run's ack outliers that match slow probe commits are the disk's (docs/benchmarks.md,
// sixteenth increment). Also the WAL the server wrote per webhook in the run.
import pg from 'pg';
import { DATABASE_URL } from './context.mjs';

const INTERVAL_MS = 50; // 20 commits a second: nothing beside 2,000 webhooks a second
const SLOW_MS = 50;

/** Starts probing in `schema` (a table there, dropped with it); `stop(webhooks)` answers a line. */
export async function startCommitProbe(schema) {
  const client = new pg.Client({ connectionString: DATABASE_URL });
  await client.connect();
  const table = `${pg.escapeIdentifier(schema)}.bench_commit_probe`;
  // A permanent table: a temporary or unlogged one writes no WAL, and the flush is what this measures.
  await client.query(`CREATE TABLE IF NOT EXISTS ${table} (n int)`);
  const walBefore = (await client.query('SELECT pg_current_wal_lsn() AS lsn')).rows[0].lsn;
  const ms = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      await client.query(`INSERT INTO ${table} VALUES ($1)`, [ms.length]);
      ms.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, INTERVAL_MS));
    }
  })();
  return {
    async stop(webhooks) {
      running = false;
      await loop;
      const wal = Number((await client.query('SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), $1) AS bytes', [walBefore])).rows[0].bytes);
      await client.end();
      const slow = ms.filter((m) => m > SLOW_MS).length;
      return `beside it ${ms.length} one-row commits, the slowest ${Math.max(...ms).toFixed(0)} ms, ${slow} over ${SLOW_MS} ms; WAL ${(wal / Math.max(1, webhooks) / 1024).toFixed(1)} KB per webhook`;
    },
  };
}
