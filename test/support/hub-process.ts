import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../apps/cli/dist/main.js');

export interface HubProcess {
  child: ChildProcess;
  /** JSON log lines printed so far. */
  lines: Record<string, unknown>[];
  waitForLog(msg: string | RegExp, timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Everything printed on stderr so far. */
  stderr(): string;
  /** Resolves with the exit code. */
  exited(): Promise<number | null>;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `hub <args>` from the built CLI (the production entry point) as a real child process;
 * `wrapper` runs it through another command first (nsenter into a network namespace).
 */
export function spawnHub(args: string[], env: Record<string, string>, cwd?: string, wrapper: string[] = []): HubProcess {
  const [cmd, ...pre] = [...wrapper, process.execPath, CLI, ...args] as [string, ...string[]];
  // /metrics off unless the test asks for a port: two hubs on the default 9464 at once (test files
  // run in parallel) made the second exit with EADDRINUSE.
  const child = spawn(cmd, pre, { cwd, env: { PATH: process.env.PATH ?? '', HUB_METRICS_PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const lines: Record<string, unknown>[] = [];
  const waiters: (() => void)[] = [];
  let buffer = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString();
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl);
      buffer = buffer.slice(nl + 1);
      try {
        lines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        lines.push({ msg: line });
      }
      waiters.splice(0).forEach((w) => w());
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return {
    child,
    lines,
    async waitForLog(msg, timeoutMs = 15_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = lines.find((l) => (typeof msg === 'string' ? l.msg === msg : msg.test(String(l.msg))));
        if (found) return found;
        if (child.exitCode !== null) throw new Error(`hub ${args.join(' ')} exited with ${child.exitCode}: ${stderr} ${JSON.stringify(lines)}`);
        if (Date.now() > deadline) throw new Error(`no "${msg}" log from hub ${args.join(' ')} within ${timeoutMs} ms; stderr: ${stderr}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
    },
    exited: () => exit,
    stderr: () => stderr,
    async kill(signal = 'SIGKILL') {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill(signal);
      await exited;
    },
  };
}

/**
 * The environment of a `hub up` child on its own schema and queue names: ephemeral ports, the
 * embedded SQS emulator, no demo sink, short long-polls so it stops fast.
 */
export function hubUpEnv(databaseUrl: string, schema: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    DATABASE_URL: databaseUrl,
    DATABASE_SCHEMA: schema,
    HUB_INGRESS_PORT: '0',
    HUB_CONSOLE_PORT: '0',
    HUB_SQS_EMULATOR_PORT: '0',
    HUB_DEMO_SINK_PORT: '0',
    // /metrics has a port of its own (9464 by default): off, so hubs run side by side.
    HUB_METRICS_PORT: '0',
    HUB_RECEIVE_WAIT_S: '1',
    HUB_QUEUE_PREFIX: `${schema}-`,
    LOG_LEVEL: 'warn',
    ...extra,
  };
}
