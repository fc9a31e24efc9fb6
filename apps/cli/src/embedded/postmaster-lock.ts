import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { hubError } from '@hub/core/errors';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Whether `pid` is a postgres server on this data directory (its command line names both). */
async function isOurPostmaster(pid: number, dataDir: string): Promise<boolean> {
  const cmdline = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
  const args = cmdline.split('\0');
  return path.basename(args[0] ?? '') === 'postgres' && args.includes(path.resolve(dataDir));
}

/** The parent of `pid` (field 4 of /proc/<pid>/stat, after the parenthesised command name). */
async function parentOf(pid: number): Promise<number | undefined> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[1] ? Number(fields[1]) : undefined;
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/**
 * Clears what a hub that died without stopping its server (SIGKILL, power loss) leaves behind,
 * before a new server starts on the data directory. A server still running from then is told
 * to shut down fast (SIGINT: clients dropped, a clean checkpoint), then killed if it lingers. A
 * postmaster.pid whose number now belongs to another process (a container restarted: PIDs
 * start over) is removed, since PostgreSQL would refuse to start over it. One whose process is
 * gone stays: PostgreSQL removes it itself after checking no old backend still holds the
 * shared memory. A server whose parent is still `ownerPid` (the hub that started it) is not
 * stale: that hub still runs, and this is refused. Returns what it found.
 */
export async function clearStalePostmaster(dataDir: string, ownerPid: number | undefined): Promise<'none' | 'reused-pid' | 'orphan-stopped'> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  const first = (await readFile(lockFile, 'utf8').catch(() => '')).split('\n')[0]?.trim();
  const pid = Number(first);
  if (!first || !Number.isInteger(pid) || pid <= 0 || !alive(pid)) return 'none';
  if (await isOurPostmaster(pid, dataDir)) {
    if (ownerPid !== undefined && ownerPid !== process.pid && (await parentOf(pid)) === ownerPid) {
      throw hubError('HUB_EMBEDDED_POSTGRES_FAILED', `another hub up (pid ${ownerPid}) runs the embedded PostgreSQL in ${dataDir}; stop it first, or give this one its own HUB_EMBEDDED_POSTGRES_DIR and HUB_EMBEDDED_POSTGRES_PORT`);
    }
    process.kill(pid, 'SIGINT');
    if (!(await waitGone(pid, 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitGone(pid, 5_000);
    }
    return 'orphan-stopped';
  }
  await rm(lockFile, { force: true });
  return 'reused-pid';
}
