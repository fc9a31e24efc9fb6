import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

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
 * shared memory. Returns what it found.
 */
export async function clearStalePostmaster(dataDir: string): Promise<'none' | 'reused-pid' | 'orphan-stopped'> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  const first = (await readFile(lockFile, 'utf8').catch(() => '')).split('\n')[0]?.trim();
  const pid = Number(first);
  if (!first || !Number.isInteger(pid) || pid <= 0 || !alive(pid)) return 'none';
  if (await isOurPostmaster(pid, dataDir)) {
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
