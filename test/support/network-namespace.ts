import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface NetworkNamespace {
  /** Prefix for a command that must run inside (nsenter, then the command). */
  wrapper: string[];
  /** Runs `node -e <script>` inside; resolves with what it printed. */
  node(script: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A network namespace of the test's own with only loopback, up: nothing of the machine (its
 * PostgreSQL on 5432, its Redis on 6379) is reachable from inside. A `sleep` holds it open so
 * several processes can enter it one after another. As root `unshare -n`; as another user a
 * user namespace that maps the user to itself (not to root, so the hub runs as it would).
 */
export async function openNetworkNamespace(): Promise<NetworkNamespace> {
  const asRoot = process.getuid?.() === 0;
  const holder = spawn('unshare', [...(asRoot ? [] : ['--map-current-user']), '--net', 'sleep', '3600'], { stdio: 'ignore' });
  await new Promise((resolve) => setTimeout(resolve, 100));
  if (holder.exitCode !== null || holder.pid === undefined) throw new Error(`unshare could not create a network namespace (exit ${holder.exitCode}): it needs root, or user namespaces for other users`);
  const wrapper = ['nsenter', '-t', String(holder.pid), ...(asRoot ? [] : ['-U', '--preserve-credentials']), '-n'];
  const inside = (cmd: string, args: string[]) => run(wrapper[0] as string, [...wrapper.slice(1), cmd, ...args]);
  await inside('ip', ['link', 'set', 'lo', 'up']);
  return {
    wrapper,
    node: async (script) => (await inside(process.execPath, ['-e', script])).stdout,
    async close() {
      holder.kill('SIGKILL');
    },
  };
}
