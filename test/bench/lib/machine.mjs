// The machine's own speed, printed before the phases: the same VM has delivered twice the
// throughput on one day that it did on another (docs/benchmarks.md), so a figure is only
// comparable with one taken on a machine that calibrates alike.
import { openSync, closeSync, writeSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import pg from 'pg';
import { percentile } from './timing.mjs';

/** A fixed amount of JavaScript work (3e8 loop turns); ms. */
function cpuLoopMs() {
  const started = performance.now();
  let sum = 0;
  for (let i = 0; i < 3e8; i += 1) sum += i % 7;
  if (sum < 0) throw new Error('unreachable'); // keeps the loop from being optimised away
  return performance.now() - started;
}

/** The cost of one system call: write(2) of one byte to /dev/null; µs. */
function syscallUs() {
  const fd = openSync('/dev/null', 'w');
  const count = 200_000;
  const started = performance.now();
  for (let i = 0; i < count; i += 1) writeSync(fd, 'x');
  closeSync(fd);
  return ((performance.now() - started) * 1000) / count;
}

/** One byte there and back over loopback TCP, both ends in this process; µs. */
function loopbackRoundTripUs(count = 20_000) {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.on('data', (d) => socket.write(d)));
    server.listen(0, '127.0.0.1', () => {
      const client = net.connect(server.address().port, '127.0.0.1', () => {
        let answered = 0;
        const started = performance.now();
        client.on('data', () => {
          answered += 1;
          if (answered < count) return void client.write('x');
          client.destroy();
          server.close();
          resolve(((performance.now() - started) * 1000) / count);
        });
        client.write('x');
      });
      client.on('error', reject);
    });
  });
}

/** Median time of a one-row INSERT committed (and flushed) on its own; ms. */
async function postgresCommitMs(databaseUrl, table, count = 500) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    // A permanent table: a temporary one writes no WAL, and the flush is what this measures.
    await client.query(`CREATE TABLE ${table} (n int)`);
    const ms = [];
    for (let i = 0; i < count; i += 1) {
      const started = performance.now();
      await client.query(`INSERT INTO ${table} VALUES ($1)`, [i]);
      ms.push(performance.now() - started);
    }
    return percentile(ms.sort((a, b) => a - b), 0.5);
  } finally {
    await client.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await client.end();
  }
}

/** One line: CPU, system call, loopback and commit costs of this machine now. */
export async function describeMachine(databaseUrl, probeTable) {
  const cpus = os.cpus();
  const loop = cpuLoopMs();
  const syscall = syscallUs();
  const roundTrip = await loopbackRoundTripUs();
  const commit = await postgresCommitMs(databaseUrl, probeTable);
  return (
    `machine: ${cpus.length} × ${cpus[0]?.model ?? 'unknown CPU'}${cpus[0]?.speed ? ` at ${cpus[0].speed} MHz` : ''}, load ${os.loadavg()[0].toFixed(2)}; ` +
    `JavaScript loop ${loop.toFixed(0)} ms, write(2) ${syscall.toFixed(2)} µs, loopback TCP round trip ${roundTrip.toFixed(1)} µs, ` +
    `PostgreSQL one-row commit p50 ${commit.toFixed(2)} ms`
  );
}
