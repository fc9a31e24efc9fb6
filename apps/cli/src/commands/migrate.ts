import { BaseEnv, parseEnv, type Env } from '@hub/core/config';
import { ensureDatabase, migrate } from '@hub/core/db';

/** `hub migrate`: creates the database if missing and applies pending migrations (safe to run twice at once). */
export async function runMigrate(env: Env, print: (line: string) => void = console.log): Promise<void> {
  const config = parseEnv(BaseEnv, env);
  if (await ensureDatabase(config.DATABASE_URL)) print(`created database ${new URL(config.DATABASE_URL).pathname.slice(1)}`);
  const result = await migrate({ url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA });
  for (const note of result.notes) print(note);
  print(result.applied.length > 0 ? `applied ${result.applied.join(', ')}` : `schema ${config.DATABASE_SCHEMA} is up to date (${result.alreadyApplied.length} migrations)`);
}
