import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type pg from 'pg';
import { spawnHub, type HubProcess } from './hub-process.js';

const CLI = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../apps/cli/dist/main.js');

/** `hub ingress` as a child process; resolves once it listens, with its base URL and port. */
export async function spawnIngress(env: Record<string, string>): Promise<{ hub: HubProcess; url: string; port: number }> {
  const hub = spawnHub(['ingress'], { HUB_INGRESS_PORT: '0', LOG_LEVEL: 'info', ...env });
  const line = await hub.waitForLog('ingress listening', 30_000);
  const url = String(line.url).replace('0.0.0.0', '127.0.0.1');
  return { hub, url, port: Number(new URL(url).port) };
}

/** `hub <args>` with `stdin` piped in (what an operator types or pipes); resolves with its exit code and output. */
export function runHubWithStdin(args: string[], env: Record<string, string>, stdin: string, cwd?: string): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  child.stdin.end(stdin);
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, output })));
}

/**
 * What the ingress has stored and queued so far: webhook.received rows, and outbox rows ever
 * created (the outbox id sequence: it counts rows a relay has already sent and deleted too).
 */
export async function ingested(admin: pg.Pool): Promise<{ received: number; queued: number }> {
  const received = await admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'webhook.received'`);
  const seq = await admin.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM outbox_id_seq');
  const row = seq.rows[0];
  const queued = row ? Number(row.last_value) - (row.is_called ? 0 : 1) : 0;
  return { received: received.rows[0]?.n ?? 0, queued };
}
