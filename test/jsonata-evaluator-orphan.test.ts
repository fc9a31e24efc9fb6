import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { waitFor } from './support/wait-for.js';

// A process using the pool (from dist, as the hub does): one evaluator stuck in a regular
// expression that backtracks for minutes, with a JSONata timeout far beyond the test.
const HUB = `
import { JsonataPool, DEFAULT_JSONATA_LIMITS } from '@hub/connector-sdk';
const pool = new JsonataPool({ ...DEFAULT_JSONATA_LIMITS, timeoutMs: 600000 });
await pool.evaluate('1', {});
pool.evaluate('$match("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", /^(a+)+$/)', {}).catch(() => {});
setTimeout(() => console.log('stuck'), 300);
setInterval(() => {}, 1000);
`;

/** Alive and not a zombie waiting to be reaped. */
function running(pid: number): boolean {
  try {
    return !/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
}

describe('a JSONata evaluator whose hub process is killed', () => {
  it('ends itself, even stuck in a step JSONata cannot interrupt', async () => {
    const hub = spawn(process.execPath, ['--input-type=module', '-e', HUB], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      let out = '';
      hub.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
      await waitFor('the evaluation to be stuck', () => out.includes('stuck'));
      const evaluators = execFileSync('ps', ['-o', 'pid=', '--ppid', String(hub.pid)], { encoding: 'utf8' }).split('\n').map(Number).filter(Boolean);
      expect(evaluators.length).toBeGreaterThan(0);
      hub.kill('SIGKILL');
      await waitFor('every evaluator to end', () => evaluators.every((pid) => !running(pid)), 10_000);
    } finally {
      hub.kill('SIGKILL');
    }
  });
});
