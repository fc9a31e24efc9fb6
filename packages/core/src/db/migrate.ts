import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { hubError } from '../errors/index.js';
import { adaptToServer } from './server-fallbacks.js';

/** The repository's migrations/ folder (same depth from src/db and dist/db). */
export const DEFAULT_MIGRATIONS_DIR = fileURLToPath(new URL('../../../../migrations', import.meta.url));

export interface MigrateOptions {
  url: string;
  schema: string;
  dir?: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
  /** Fallbacks taken for this server (a missing lz4), one line each. */
  notes: string[];
}

interface MigrationFile {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

async function readMigrations(dir: string): Promise<MigrationFile[]> {
  const names = (await readdir(dir)).filter((n) => /^\d{4}_[a-z0-9_]+\.sql$/.test(n)).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name), 'utf8');
      return { version: name.slice(0, 4), name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    }),
  );
}

/**
 * Applies numbered, forward-only SQL migrations in order, each in its own transaction.
 * A session advisory lock per schema makes two concurrent `hub migrate` safe: the second
 * waits, then finds nothing left to do.
 */
export async function migrate({ url, schema, dir = DEFAULT_MIGRATIONS_DIR }: MigrateOptions): Promise<MigrateResult> {
  const files = await readMigrations(dir);
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  await client.connect();
  const ident = pg.escapeIdentifier(schema);
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`hub-migrate:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${ident}`);
    await client.query(`SET search_path TO ${ident}`);
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version text PRIMARY KEY, name text NOT NULL, checksum text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const done = new Map((await client.query<{ version: string; checksum: string }>('SELECT version, checksum FROM schema_migrations')).rows.map((r) => [r.version, r.checksum]));
    const result: MigrateResult = { applied: [], alreadyApplied: [], notes: [] };
    for (const file of files) {
      const appliedChecksum = done.get(file.version);
      if (appliedChecksum !== undefined) {
        if (appliedChecksum !== file.checksum) {
          throw hubError('HUB_MIGRATION_CHANGED', `migration ${file.name} was changed after it was applied; add a new migration instead`);
        }
        result.alreadyApplied.push(file.name);
        continue;
      }
      const adapted = await adaptToServer(client, file.name, file.sql);
      try {
        await client.query('BEGIN');
        await client.query(adapted.sql);
        await client.query('INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)', [file.version, file.name, file.checksum]);
        await client.query('COMMIT');
      } catch (err) {
        await client.query('ROLLBACK');
        throw hubError('HUB_MIGRATION_FAILED', `migration ${file.name} failed: ${(err as Error).message}`, { cause: err });
      }
      result.applied.push(file.name);
      result.notes.push(...adapted.notes);
    }
    return result;
  } finally {
    await client.end();
  }
}
