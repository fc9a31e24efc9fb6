import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { hubError } from '@hub/core/errors';

const run = promisify(execFile);

export interface RunAs {
  uid: number;
  gid: number;
  name: string;
}

const SERVER_USER = 'postgres';

async function idOf(name: string): Promise<RunAs | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', name]), run('id', ['-g', name])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()), name };
  } catch {
    return undefined;
  }
}

/**
 * PostgreSQL refuses to run as root. As root the server runs as the system user `postgres`
 * (created, as a system account without a login shell, when the machine has none); as anyone
 * else it runs as that user, and undefined is returned.
 */
export async function serverUser(print: (line: string) => void): Promise<RunAs | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const existing = await idOf(SERVER_USER);
  if (existing) return existing;
  print(`embedded PostgreSQL: creating the system user ${SERVER_USER} to run it (PostgreSQL refuses to run as root)`);
  try {
    await run('useradd', ['--system', '--user-group', '--no-create-home', '--home-dir', '/nonexistent', '--shell', '/usr/sbin/nologin', SERVER_USER]);
  } catch (err) {
    throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `PostgreSQL refuses to run as root, and the user ${SERVER_USER} to run it as could not be created (${(err as Error).message.trim()}); run as a normal user or set DATABASE_URL`, { cause: err });
  }
  const created = await idOf(SERVER_USER);
  if (!created) throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `the user ${SERVER_USER} was created but cannot be found`);
  return created;
}

/**
 * Every directory above the data directory must let the server's user through (x), or initdb
 * fails with a bare "permission denied": say which one and what to do instead.
 */
export async function assertReachable(dataDir: string, user: RunAs): Promise<void> {
  for (let dir = path.dirname(path.resolve(dataDir)); ; dir = path.dirname(dir)) {
    const info = await stat(dir).catch(() => undefined);
    if (info) {
      const through = info.uid === user.uid ? info.mode & 0o100 : info.gid === user.gid ? info.mode & 0o010 : info.mode & 0o001;
      if (!through) {
        throw hubError(
          'HUB_EMBEDDED_POSTGRES_FAILED',
          `the embedded PostgreSQL runs as the user ${user.name} (PostgreSQL refuses root), which cannot reach ${dataDir}: ${dir} is mode ${(info.mode & 0o777).toString(8)}. Set HUB_EMBEDDED_POSTGRES_DIR to a directory it can reach (e.g. /var/lib/hub/postgres), run as a normal user, or set DATABASE_URL`,
        );
      }
    }
    if (dir === path.dirname(dir)) return;
  }
}
