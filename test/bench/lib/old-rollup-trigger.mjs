// The rollup trigger of migration 0023, which 0025 replaced with a periodic fold: put back on a
// schema to measure one against the other (rollup-cost.mjs, and BENCH_ROLLUPS=trigger for the
// pipeline phases: see lib/context.mjs).
import { readFile } from 'node:fs/promises';
import pg from 'pg';

/** The trigger of migration 0023 (what kept the rollups before 0025), installed on `schema` again. */
export async function installOldTrigger(databaseUrl, schema) {
  const sql = await readFile(new URL('../../../migrations/0023_events_commit_contention.sql', import.meta.url), 'utf8');
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query(sql.slice(sql.indexOf('CREATE OR REPLACE FUNCTION events_rollup()')));
    await client.query('CREATE TRIGGER events_rollup AFTER INSERT ON events REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION events_rollup()');
  } finally {
    await client.end();
  }
}

/** As before 0025: 0023's trigger, and no tx column default or tail index (nothing left to fold). */
export async function restoreTriggerRollups(databaseUrl, schema) {
  await installOldTrigger(databaseUrl, schema);
  const client = new pg.Client({ connectionString: databaseUrl, options: `-c search_path=${schema}` });
  await client.connect();
  try {
    await client.query('DROP INDEX events_rollup_tail; ALTER TABLE events ALTER COLUMN tx DROP DEFAULT');
  } finally {
    await client.end();
  }
}
