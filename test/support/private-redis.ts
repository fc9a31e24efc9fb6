import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function reachable(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

/** Why no redis-server can be started here, or undefined when one can (`npm test`'s set-up installs Debian's as root). */
export function redisServerMissing(): string | undefined {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0) return undefined;
  return 'redis-server is not installed (npm test installs it as root: node scripts/ensure-redis-server.mjs); install it with: sudo apt-get install -y redis-server';
}

/** A Redis of the test's own on loopback (the shared one must not be stopped under other tests). */
export async function startPrivateRedis(): Promise<PrivateRedis> {
  const missing = redisServerMissing();
  if (missing) throw new Error(missing);
  const port = await freePort();
  let child: ChildProcess | undefined;
  const handle: PrivateRedis = {
    url: `redis://127.0.0.1:${port}`,
    async start() {
      child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      for (let i = 0; i < 100 && !(await reachable(port)); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
    },
    async stop() {
      if (!child || child.exitCode !== null || child.signalCode !== null) return; // already stopped (a kill leaves exitCode null)
      const exited = new Promise((resolve) => child?.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
  await handle.start();
  return handle;
}
