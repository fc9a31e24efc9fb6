import { spawn, type ChildProcess } from 'node:child_process';

export interface SqsEmulator {
  url: string;
  start(): Promise<void>;
  /** kill -9: every queue and message it held is gone; start() brings it back empty. */
  kill(): Promise<void>;
}

/** The SQS emulator (fauxqs, on loopback as `hub up` runs it) in a process of its own, so a fault can kill it. */
export function sqsEmulator(port: number): SqsEmulator {
  let child: ChildProcess | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    start() {
      const script = `import('@hub/cli/embedded-sqs').then(async (m) => { await m.startEmbeddedSqs(${port}); console.log('emulator ready'); })`;
      child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('the SQS emulator did not start within 15 s')), 15_000);
        child?.stdout?.on('data', (chunk: Buffer) => {
          if (chunk.toString().includes('emulator ready')) {
            clearTimeout(timer);
            resolve();
          }
        });
      });
    },
    async kill() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
