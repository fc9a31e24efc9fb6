import { readFile } from 'node:fs/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { migrate } from './migrate.js';
import { v7 as uuidv7 } from 'uuid';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('migrate');
});
afterAll(async () => {
  await db.drop();
});

async function insertEvent(): Promise<string> {
  const id = uuidv7();
  await db.pool.query(`INSERT INTO events (id, stream, connector, type, data) VALUES ($1, $1, 'stripe', 'webhook.received', '{}')`, [id]);
  return id;
}

describe('migrations', () => {
  it('applying them a second time applies nothing and changes nothing', async () => {
    const before = await db.admin.query('SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version');
    const result = await migrate({ url: db.url, schema: db.schema });
    expect(result.applied).toEqual([]);
    expect(result.alreadyApplied.length).toBe(before.rowCount);
    const after = await db.admin.query('SELECT version, checksum, applied_at FROM schema_migrations ORDER BY version');
    expect(after.rows).toEqual(before.rows);
  });

  it('two concurrent runs on a new schema apply each migration exactly once', async () => {
    const schema = `${db.schema}_race`;
    const [a, b] = await Promise.all([migrate({ url: db.url, schema }), migrate({ url: db.url, schema })]);
    expect([...a.applied, ...b.applied].sort()).toEqual([...a.applied, ...a.alreadyApplied].sort());
    const { rows } = await db.admin.query(`SELECT count(*)::int AS n FROM ${schema}.schema_migrations`);
    expect(rows[0].n).toBe(a.applied.length + a.alreadyApplied.length);
    await db.admin.query(`DROP SCHEMA ${schema} CASCADE`);
  });

  it('the application role may append events but not update or delete them', async () => {
    const id = await insertEvent();
    await expect(db.pool.query(`UPDATE events SET type = 'x' WHERE id = $1`, [id])).rejects.toMatchObject({ code: '42501' });
    await expect(db.pool.query(`DELETE FROM events WHERE id = $1`, [id])).rejects.toMatchObject({ code: '42501' });
    await expect(db.pool.query(`TRUNCATE events`)).rejects.toMatchObject({ code: '42501' });
  });

  it('even the owner cannot update or delete an event (trigger)', async () => {
    const id = await insertEvent();
    await expect(db.admin.query(`UPDATE events SET type = 'x' WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    await expect(db.admin.query(`DELETE FROM events WHERE id = $1`, [id])).rejects.toThrow(/append-only/);
    const { rows } = await db.admin.query('SELECT type FROM events WHERE id = $1', [id]);
    expect(rows[0].type).toBe('webhook.received');
  });

  it('a migrating user that is not a superuser (a managed database\'s admin) is granted hub_app, so it and every process may SET ROLE hub_app', async () => {
    // CREATEROLE without membership: what an RDS master user is after it created hub_app on PostgreSQL 16+.
    const migrator = `hub_migrator_${uuidv7().replaceAll('-', '').slice(-12)}`;
    await db.admin.query(`CREATE ROLE ${migrator} LOGIN CREATEROLE`);
    const url = new URL(db.url);
    url.username = migrator;
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    try {
      await expect(client.query('SET ROLE hub_app')).rejects.toMatchObject({ code: '42501' });
      const sql = await readFile(new URL('../../../../migrations/0019_grant_app_role_to_migrator.sql', import.meta.url), 'utf8');
      await client.query(sql);
      await client.query('SET ROLE hub_app');
      expect((await client.query<{ r: string }>('SELECT current_user AS r')).rows[0]?.r).toBe('hub_app');
    } finally {
      await client.end();
      await db.admin.query(`DROP ROLE ${migrator}`);
    }
  });

  it('the schema matches the committed dump (drift shows in diffs)', async () => {
    const columns = await db.admin.query(
      `SELECT table_name, column_name, data_type, is_nullable, column_default FROM information_schema.columns
       WHERE table_schema = $1 ORDER BY table_name, ordinal_position`,
      [db.schema],
    );
    const indexes = await db.admin.query(`SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = $1 ORDER BY tablename, indexname`, [db.schema]);
    const dump = [
      ...columns.rows.map((c) => `${c.table_name}.${c.column_name} ${c.data_type}${c.is_nullable === 'NO' ? ' not null' : ''}${c.column_default ? ` default ${c.column_default}` : ''}`),
      ...indexes.rows.map((i) => `${i.tablename}: ${String(i.indexdef).replaceAll(`${db.schema}.`, '')}`),
    ].join('\n');
    await expect(`${dump}\n`).toMatchFileSnapshot('../../../../migrations/schema.snapshot.txt');
  });
});
