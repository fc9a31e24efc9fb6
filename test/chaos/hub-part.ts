import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../apps/cli/dist/main.js');

/** A `hub` process of the chaos run that faults kill and restart; its output goes to a log file. */
export class HubPart {
  private child: ChildProcess | undefined;
  private readonly log: WriteStream;
  /** The http://… address its ready line named (the ingress's), once started. */
  url: string | undefined;

  constructor(
    readonly name: string,
    private readonly args: string[],
    private readonly env: Record<string, string>,
    private readonly ready: RegExp,
    private readonly cwd: string,
    logDir: string,
  ) {
    this.log = createWriteStream(path.join(logDir, `${name}.log`), { flags: 'a' });
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts it and waits for its ready line (a JSON log line's msg, or a printed banner line). */
  start(timeoutMs = 60_000): Promise<void> {
    const child = spawn(process.execPath, [CLI, ...this.args], { cwd: this.cwd, env: { PATH: process.env.PATH ?? '', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...this.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    this.log.write(`--- start ${new Date().toISOString()}\n`);
    child.stderr?.pipe(this.log, { end: false });
    return new Promise((resolve, reject) => {
      let buffer = '';
      const timer = setTimeout(() => reject(new Error(`${this.name} printed no ${this.ready} within ${timeoutMs} ms (see its log)`)), timeoutMs);
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${this.name} exited (${code ?? signal}) before it was ready (see its log)`));
      });
      child.stdout?.on('data', (chunk: Buffer) => {
        this.log.write(chunk);
        buffer += chunk.toString();
        let nl: number;
        while ((nl = buffer.indexOf('\n')) >= 0) {
          const line = buffer.slice(0, nl);
          buffer = buffer.slice(nl + 1);
          let msg = line;
          let url: string | undefined;
          try {
            const parsed = JSON.parse(line) as { msg?: string; url?: string };
            msg = parsed.msg ?? line;
            url = parsed.url;
          } catch {
            url = /(http:\/\/[^/\s]+)/.exec(line)?.[1];
          }
          if (this.ready.test(msg)) {
            clearTimeout(timer);
            this.url ??= url;
            child.removeAllListeners('exit');
            resolve();
          }
        }
      });
    });
  }

  /** SIGKILL (a crash) or SIGINT / SIGTERM (a graceful stop, bounded by 30 s). */
  async stop(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    await exited;
    clearTimeout(timer);
    this.log.write(`--- stopped (${signal}) ${new Date().toISOString()}\n`);
  }

  async close(): Promise<void> {
    await this.stop();
    await new Promise((resolve) => this.log.end(resolve));
  }
}
