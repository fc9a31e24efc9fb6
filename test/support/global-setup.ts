import net from 'node:net';
import pg from 'pg';
import { startFauxqs } from 'fauxqs';
import type { TestProject } from 'vitest/node';

const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hub';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

declare module 'vitest' {
  export interface ProvidedContext {
    sqsEndpoint: string;
    databaseUrl: string;
    redisUrl: string;
  }
}

async function checkPostgres(): Promise<void> {
  const url = new URL(DATABASE_URL);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(
      `PostgreSQL is not reachable at ${url.host} (${(err as Error).message}). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`,
      { cause: err },
    );
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function checkRedis(): Promise<void> {
  const url = new URL(REDIS_URL);
  await new Promise<void>((resolve, reject) => {
    const socket = net.connect({ host: url.hostname, port: Number(url.port || 6379) });
    socket.setTimeout(3000);
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', () => {
      socket.end();
      resolve();
    });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`Redis is not reachable at ${url.host} (${why}). Start it: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save "" --appendonly no`));
    };
    socket.once('error', (err) => fail(err.message));
    socket.once('timeout', () => fail('timeout'));
  });
}

/** Checks the services the tests need and starts one SQS emulator on loopback for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await Promise.all([checkPostgres(), checkRedis()]);
  const sqs = await startFauxqs({ port: 0, host: '127.0.0.1', logger: false });
  project.provide('sqsEndpoint', `http://127.0.0.1:${sqs.port}`);
  project.provide('databaseUrl', DATABASE_URL);
  project.provide('redisUrl', REDIS_URL);
  return async () => {
    await sqs.stop();
  };
}
