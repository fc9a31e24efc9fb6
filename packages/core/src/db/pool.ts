import pg from 'pg';

export interface PoolOptions {
  url: string;
  schema: string;
  /** SET ROLE on every connection: the role may not UPDATE or DELETE events. '' to skip. */
  appRole?: string;
  max?: number;
  connectionTimeoutMillis?: number;
}

/** A pool whose connections see only the hub schema and run as the application role. */
export function createPool({ url, schema, appRole = '', max = 10, connectionTimeoutMillis = 5_000 }: PoolOptions): pg.Pool {
  // No JIT: the hub's statements are short, and a misestimated plan (statistics behind a busy
  // table) crossed jit_above_cost and spent 5-6 ms compiling a 0.2 ms read (docs/benchmarks.md).
  const options = [`-c search_path=${schema}`, '-c jit=off'];
  if (appRole) options.push(`-c role=${appRole}`);
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis,
    idleTimeoutMillis: 30_000,
    options: options.join(' '),
    application_name: 'integration-hub',
  });
  // An idle client losing its connection emits 'error' on the pool; without a listener it would crash the process.
  pool.on('error', () => undefined);
  // So does a client checked out of the pool (pg-pool only listens while it is idle): a connection
  // held across a PostgreSQL restart — a transaction, an advisory lock, LISTEN — would end the whole
  // process with an unhandled 'error'. Its query fails on its own, and the pool drops it on release.
  pool.on('connect', (client) => client.on('error', () => undefined));
  return pool;
}
