import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, mkdir, open, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { hubError } from '@hub/core/errors';
import { postgresBinaries } from './postgres-binaries.js';

export { postgresBinaries };
import { assertReachable, serverUser, type RunAs } from './postgres-run-as.js';

export { serverUser };
import { clearStalePostmaster } from './postmaster-lock.js';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory: created (initdb) when empty, reused after. */
  dataDir: string;
  port: number;
  /** Server settings (-c name=value), e.g. fsync=off for a test run. */
  settings?: Record<string, string>;
  print?: (line: string) => void;
}

export interface EmbeddedPostgres {
  /** postgres://postgres:<password>@127.0.0.1:<port>/<database> */
  url(database: string): string;
  /** True when this start created the cluster. */
  created: boolean;
  /** What was cleared before the start: a server left running by a hub that died, or a lock file of a reused PID. */
  recovered: 'none' | 'reused-pid' | 'orphan-stopped';
  /** Where the server writes its log. */
  logFile: string;
  /** Fast shutdown (SIGINT), waiting for the server to exit. */
  stop(): Promise<void>;
}

const SUPERUSER = 'postgres';

/** The superuser's password sits beside the data directory (0600): the data directory itself belongs to the server. */
const credentialsFile = (dataDir: string) => `${path.resolve(dataDir)}.json`;

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

function runToEnd(cmd: string, args: string[], runAs: RunAs | undefined): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}), env: { ...process.env, LC_ALL: 'C' } });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

const writeCredentials = (dataDir: string, credentials: StoredCredentials) => writeFile(credentialsFile(dataDir), JSON.stringify(credentials, null, 2), { mode: 0o600 });

/** initdb with a random superuser password (scram-sha-256); a failed initdb leaves nothing behind, so the next start retries. */
async function createCluster(dataDir: string, initdb: string, runAs: RunAs | undefined): Promise<string> {
  const password = randomBytes(24).toString('base64url');
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const pwFile = path.join(os.tmpdir(), `hub-pg-${randomBytes(6).toString('hex')}`);
  await writeFile(pwFile, `${password}\n`, { mode: 0o600 });
  try {
    if (runAs) {
      await chown(dataDir, runAs.uid, runAs.gid);
      await chown(pwFile, runAs.uid, runAs.gid);
    }
    const result = await runToEnd(initdb, [`--pgdata=${path.resolve(dataDir)}`, `--username=${SUPERUSER}`, `--pwfile=${pwFile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'], runAs);
    if (result.code !== 0) {
      await rm(dataDir, { recursive: true, force: true });
      throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `initdb failed (exit ${result.code}): ${result.output.trim().split('\n').slice(-3).join(' ')}`);
    }
  } finally {
    await rm(pwFile, { force: true });
  }
  await writeCredentials(dataDir, { user: SUPERUSER, password });
  return password;
}

interface StoredCredentials {
  user: string;
  password: string;
  /** The port of the last start: other `hub` commands connect there. */
  port?: number;
  /** The process that started the server last: while it is the server's parent, the server is not an orphan. */
  ownerPid?: number;
}

/** The superuser, password and last port of the cluster in `dataDir`, when one was made there. */
export async function readEmbeddedCredentials(dataDir: string): Promise<StoredCredentials | undefined> {
  return readFile(credentialsFile(dataDir), 'utf8').then(
    (text) => JSON.parse(text) as StoredCredentials,
    () => undefined,
  );
}

async function readPassword(dataDir: string): Promise<string> {
  try {
    return (JSON.parse(await readFile(credentialsFile(dataDir), 'utf8')) as StoredCredentials).password;
  } catch (err) {
    throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `${dataDir} holds a cluster but ${credentialsFile(dataDir)} with its password is missing; delete ${dataDir} to start afresh`, { cause: err });
  }
}

/**
 * A server a killed hub left running on `dataDir` is stopped (it would hold the port, and look
 * like a PostgreSQL of the user's own at the default address); see clearStalePostmaster.
 */
export async function stopOrphanedServer(dataDir: string): Promise<'none' | 'reused-pid' | 'orphan-stopped'> {
  return clearStalePostmaster(dataDir, (await readEmbeddedCredentials(dataDir))?.ownerPid);
}

/** Polls until the server accepts a query, the process exits, or 30 s pass. */
async function waitReady(url: string, child: ChildProcess, logFile: string, spawnError: () => Error | undefined): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const failed = spawnError();
    if (failed) throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `the embedded PostgreSQL could not be started: ${failed.message}`, { cause: failed });
    if (child.exitCode !== null || child.signalCode !== null) {
      const log = await readFile(logFile, 'utf8').catch(() => '');
      throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `the embedded PostgreSQL exited at start (${child.exitCode ?? child.signalCode}): ${log.trim().split('\n').slice(-3).join(' ')} (log: ${logFile})`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (Date.now() > deadline) throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `the embedded PostgreSQL did not answer within 30 s (log: ${logFile})`, { cause: err });
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * A PostgreSQL server of the hub's own from the `embedded-postgres` package's binaries: the
 * cluster is created on first use and reused after, listens on 127.0.0.1 only (no Unix socket,
 * so clusters in several directories never meet in /tmp), and its superuser has a random
 * password. The server is a child of this process: stop() ends it; a crash of this process
 * ends it too ('exit' sends SIGINT), and a SIGKILL leaves it to the next start, which stops it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const print = options.print ?? (() => undefined);
  const dataDir = path.resolve(options.dataDir);
  const { initdb, postgres } = postgresBinaries();
  const runAs = await serverUser(print);
  await mkdir(path.dirname(dataDir), { recursive: true });
  if (runAs) await assertReachable(dataDir, runAs);
  const created = !(await exists(path.join(dataDir, 'PG_VERSION')));
  const password = created ? await createCluster(dataDir, initdb, runAs) : await readPassword(dataDir);
  const recovered = await stopOrphanedServer(dataDir);
  await writeCredentials(dataDir, { user: SUPERUSER, password, port: options.port, ownerPid: process.pid });

  const logFile = path.join(dataDir, 'server.log');
  const log = await open(logFile, 'a', 0o600);
  if (runAs) await chown(logFile, runAs.uid, runAs.gid);
  const settings = { listen_addresses: '127.0.0.1', unix_socket_directories: '', ...options.settings };
  const args = ['-D', dataDir, '-p', String(options.port), ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
  // The log goes to a file, not a pipe: a server outliving a killed hub must not depend on a reader.
  const child = spawn(postgres, args, { stdio: ['ignore', log.fd, log.fd], ...(runAs ? { uid: runAs.uid, gid: runAs.gid } : {}), env: { ...process.env, LC_ALL: 'C' } });
  await log.close();
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const onExit = () => child.kill('SIGINT');
  process.once('exit', onExit);

  const url = (database: string) => `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${database}`;
  try {
    await waitReady(url('postgres'), child, logFile, () => spawnError);
  } catch (err) {
    process.removeListener('exit', onExit);
    if (child.pid !== undefined && child.exitCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
    throw err;
  }
  return {
    url,
    created,
    recovered,
    logFile,
    async stop() {
      process.removeListener('exit', onExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      let timer: NodeJS.Timeout | undefined;
      const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), 30_000)))]);
      clearTimeout(timer);
      if (!stopped) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}
