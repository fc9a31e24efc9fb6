import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPool, ensureDatabase, migrate } from '@hub/core/db';

export interface TestDatabase {
  url: string;
  schema: string;
  /** Runs as the application role (hub_app), like the hub does. */
  pool: pg.Pool;
  /** Runs as the owner: for assertions and set-up only. */
  admin: pg.Pool;
  drop(): Promise<void>;
}

/** The test database (same server as DATABASE_URL, database `hub_test`). */
export function testDatabaseUrl(): string {
  const url = new URL(inject('databaseUrl'));
  url.pathname = '/hub_test';
  return url.toString();
}

/** A fresh, migrated schema of its own, so test files run in parallel without sharing rows. */
export async function createTestDatabase(label: string): Promise<TestDatabase> {
  const url = testDatabaseUrl();
  await ensureDatabase(url);
  const schema = `t_${label.replace(/[^a-z0-9]/g, '_').slice(0, 20)}_${randomBytes(4).toString('hex')}`;
  await migrate({ url, schema });
  const pool = createPool({ url, schema, appRole: 'hub_app', max: 10 });
  const admin = createPool({ url, schema, max: 2 });
  return {
    url,
    schema,
    pool,
    admin,
    async drop() {
      await pool.end();
      await admin.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
      await admin.end();
    },
  };
}

/** A queue prefix of its own (queue names are `<prefix><connector>`). */
export function testQueuePrefix(label: string): string {
  return `t-${label.replace(/[^a-z0-9]/g, '-').slice(0, 16)}-${randomBytes(3).toString('hex')}-`;
}
