import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from './support/hub-process.js';
import { openNetworkNamespace, type NetworkNamespace } from './support/network-namespace.js';

// The newcomer's first run: `npm start` (= `hub up` after the build) on a machine with Node.js
// only. In a network namespace with nothing but loopback there is no PostgreSQL and no Redis,
// so hub up embeds both; the repository's own hub.config.yaml delivers to the demo sink.
const ROUTES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../hub.config.yaml');
// No DATABASE_URL, REDIS_URL or SQS_ENDPOINT: defaults everywhere, as on a fresh clone.
const env = { HUB_CONFIG_FILE: ROUTES, HOME: os.tmpdir(), AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };

let ns: NetworkNamespace;
let dir: string;
const started: HubProcess[] = [];

beforeAll(async () => {
  ns = await openNetworkNamespace();
  dir = await mkdtemp(path.join(os.tmpdir(), 'hub-first-run-'));
  await chmod(dir, 0o755); // as a clone is: as root, the server's user postgres must get through
});
afterAll(async () => {
  for (const hub of started) await hub.kill();
  await ns?.close();
  // A server left running (a failed assertion before a clean stop) goes with a SIGINT of its own.
  const lock = path.join(dir, '.hub/postgres/postmaster.pid');
  if (existsSync(lock)) process.kill(Number(readFileSync(lock, 'utf8').split('\n')[0]), 'SIGINT');
  await rm(dir, { recursive: true, force: true });
});

async function hubUp(): Promise<HubProcess> {
  const hub = spawnHub(['up'], env, dir, ns.wrapper);
  started.push(hub);
  await hub.waitForLog(/^try it/, 90_000);
  return hub;
}

/** The console's view of the event, from inside the namespace, once processed (or after 20 s). */
async function eventView(eventId: string): Promise<{ status?: string; timeline?: { type: string }[] }> {
  const out = await ns.node(`
    const deadline = Date.now() + 20000;
    (async () => {
      for (;;) {
        const body = await fetch('http://127.0.0.1:3000/api/events/${eventId}').then((r) => r.json()).catch(() => ({}));
        if (body.status === 'processed' || Date.now() > deadline) return console.log(JSON.stringify(body));
        await new Promise((r) => setTimeout(r, 200));
      }
    })();`);
  return JSON.parse(out) as { status?: string; timeline?: { type: string }[] };
}

const banner = (hub: HubProcess, pattern: RegExp) => hub.lines.map((l) => String(l.msg)).find((m) => pattern.test(m));
const serverPid = () => Number(readFileSync(path.join(dir, '.hub/postgres/postmaster.pid'), 'utf8').split('\n')[0]);
const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe('first run with nothing but Node.js (no PostgreSQL, no Redis reachable)', () => {
  let eventId: string;

  it('hub up embeds PostgreSQL and Redis state, accepts send-test and processes it', async () => {
    const hub = await hubUp();
    expect(banner(hub, /^database\s/)).toMatch(/embedded PostgreSQL on 127\.0\.0\.1:5432, data in \.hub\/postgres \(created now\); set DATABASE_URL/);
    expect(banner(hub, /^redis\s/)).toMatch(/in this process .* set REDIS_URL/);
    expect(banner(hub, /^SQS emulator/)).toMatch(/set SQS_ENDPOINT.*up to 2000 messages a queue, a backlog waits in the outbox/);
    expect(banner(hub, /0002_events_lz4/)).toMatch(/without lz4.* pglz/);

    const sender = spawnHub(['send-test', 'stripe', 'payment_intent.succeeded'], env, dir, ns.wrapper);
    const posted = await sender.waitForLog(/-> 202/);
    expect(await sender.exited()).toBe(0);
    eventId = /"eventId":"([^"]+)"/.exec(String(posted.msg))?.[1] as string;
    const view = await eventView(eventId);
    expect(view.status).toBe('processed');
    expect(view.timeline?.map((e) => e.type)).toContain('action.succeeded');

    hub.child.kill('SIGINT');
    expect(await hub.exited()).toBe(0);
    expect(existsSync(path.join(dir, '.hub/postgres/postmaster.pid'))).toBe(false); // the server stopped with the hub
  }, 120_000);

  it('a second start reuses the data; a hub killed outright leaves a server the next start stops and replaces', async () => {
    const second = await hubUp();
    expect(banner(second, /^database\s/)).toMatch(/\(reused\)/);
    expect((await eventView(eventId)).status).toBe('processed');

    await second.kill('SIGKILL'); // no shutdown at all: the server lives on, orphaned
    const orphan = serverPid();
    expect(alive(orphan)).toBe(true);

    const third = await hubUp();
    expect(banner(third, /^database\s/)).toMatch(/reused; the server a stopped hub left running was shut down first/);
    expect(alive(orphan)).toBe(false);
    expect((await eventView(eventId)).status).toBe('processed');
    third.child.kill('SIGINT');
    expect(await third.exited()).toBe(0);
  }, 120_000);
});
