import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '@hub/cli/embedded-postgres';
import { startEmbeddedSqs } from '@hub/cli/embedded-sqs';
import { answers, freePort } from './local-port.js';
import { redisServerMissing, startPrivateRedis } from './private-redis.js';

const DEFAULT_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/hub';
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379';

declare module 'vitest' {
  export interface ProvidedContext {
    sqsEndpoint: string;
    databaseUrl: string;
    /** Empty when no Redis could be had: redisUnavailable says why (the tests that need one fail with it). */
    redisUrl: string;
    redisUnavailable: string;
  }
}

type Stop = () => Promise<void>;

async function checkPostgres(databaseUrl: string): Promise<void> {
  const url = new URL(databaseUrl);
  url.pathname = '/postgres';
  const client = new pg.Client({ connectionString: url.toString(), connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${url.host} (${(err as Error).message}); DATABASE_URL names it. Unset DATABASE_URL to test on a PostgreSQL of the run's own.`, { cause: err });
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * DATABASE_URL when set; else the server at the default address; else a PostgreSQL of the
 * run's own from the embedded-postgres binaries (a fresh cluster in a temp directory, tuned for
 * throw-away data), removed after the run.
 */
async function testPostgres(): Promise<{ url: string; stop: Stop }> {
  const configured = process.env.DATABASE_URL;
  if (configured || (await answers(5432))) {
    await checkPostgres(configured ?? DEFAULT_DATABASE_URL);
    return { url: configured ?? DEFAULT_DATABASE_URL, stop: async () => undefined };
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-test-pg-'));
  await chmod(dir, 0o711); // as root the server runs as postgres, which must get through to data/
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    port: await freePort(),
    // Many test files with pools of their own run at once; the data is thrown away after the run.
    settings: { max_connections: '300', fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' },
  });
  console.log(`global setup: no PostgreSQL at 127.0.0.1:5432 and DATABASE_URL unset: an embedded PostgreSQL for this run (${server.url('hub').replace(/:[^:@/]+@/, ':***@')})`);
  return {
    url: server.url('hub'),
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** REDIS_URL when set; else the Redis at the default address; else a private redis-server for the run. */
async function testRedis(): Promise<{ url: string; unavailable: string; stop: Stop }> {
  const configured = process.env.REDIS_URL;
  if (configured || (await answers(6379, 'PING\r\n'))) {
    const url = configured ?? DEFAULT_REDIS_URL;
    if (!(await answers(Number(new URL(url).port || 6379), 'PING\r\n', 3000, new URL(url).hostname))) {
      throw new Error(`Redis is not reachable at ${new URL(url).host}; REDIS_URL names it. Unset REDIS_URL to test on a redis-server of the run's own.`);
    }
    return { url, unavailable: '', stop: async () => undefined };
  }
  const missing = redisServerMissing();
  if (missing) {
    console.error(`global setup: ${missing}; the tests that need Redis fail with this message`);
    return { url: '', unavailable: missing, stop: async () => undefined };
  }
  const server = await startPrivateRedis();
  console.log(`global setup: no Redis at 127.0.0.1:6379 and REDIS_URL unset: a private redis-server for this run (${server.url})`);
  return { url: server.url, unavailable: '', stop: () => server.stop() };
}

interface Services {
  sqsEndpoint: string;
  databaseUrl: string;
  redisUrl: string;
  redisUnavailable: string;
  stop: Stop;
}

async function startServices(): Promise<Services> {
  const postgres = await testPostgres();
  const redis = await testRedis().catch(async (err: unknown) => {
    await postgres.stop();
    throw err;
  });
  const sqs = await startEmbeddedSqs(0);
  return {
    sqsEndpoint: sqs.endpoint,
    databaseUrl: postgres.url,
    redisUrl: redis.url,
    redisUnavailable: redis.unavailable,
    stop: async () => {
      await sqs.stop();
      await redis.stop();
      await postgres.stop();
    },
  };
}

// Every vitest project runs this set-up in the one main process: they share one set of services,
// stopped when the last project's teardown runs.
const shared = globalThis as { hubTestServices?: { services: Promise<Services>; users: number } };

/** The services the tests need, and one SQS emulator on loopback for the whole run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  shared.hubTestServices ??= { services: startServices(), users: 0 };
  const entry = shared.hubTestServices;
  entry.users += 1;
  const services = await entry.services;
  project.provide('sqsEndpoint', services.sqsEndpoint);
  project.provide('databaseUrl', services.databaseUrl);
  project.provide('redisUrl', services.redisUrl);
  project.provide('redisUnavailable', services.redisUnavailable);
  return async () => {
    entry.users -= 1;
    if (entry.users > 0) return;
    delete shared.hubTestServices;
    await services.stop();
  };
}
