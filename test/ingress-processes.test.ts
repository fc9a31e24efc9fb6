import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnHub, type HubProcess } from './support/hub-process.js';
import { postFrom } from './support/raw-http.js';
import { signedStripeEvent } from './support/stripe-webhooks.js';
import { createTestDatabase, type TestDatabase } from './support/test-database.js';
import { freePort } from './support/local-port.js';
import { waitFor } from './support/wait-for.js';

// `hub ingress --processes 2` as an operator runs it: two real ingress processes behind one
// port (node:cluster). Which process stored a webhook is read from its own log line (debug
// level), never from a response header: a process id tells the internet nothing it needs.
const SECRET = `whsec_${randomBytes(24).toString('base64')}`;
let db: TestDatabase;
let hub: HubProcess;

// metricsPort 0 turns /metrics off (not "any port"): the cluster test passes a free one.
const envFor = (database: TestDatabase, metricsPort = 0) => ({
  DATABASE_URL: database.url,
  DATABASE_SCHEMA: database.schema,
  HUB_RELAY: 'off',
  // One connector loads fastest; the cluster does not care how many there are.
  HUB_CONNECTORS: 'stripe',
  STRIPE_WEBHOOK_SECRET: SECRET,
  HUB_INGRESS_PORT: '0',
  HUB_METRICS_PORT: String(metricsPort),
  LOG_LEVEL: 'debug',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});
const listening = () => hub.lines.filter((l) => l.msg === 'ingress listening');
const listeningPids = () => new Set(listening().map((l) => Number(l.pid)));
const url = () => String(listening()[0]?.url);

/** A signed webhook on a connection of its own (keep-alive would pin every request to one process). */
async function sendWebhook(): Promise<string> {
  const { payload, headers } = signedStripeEvent(`evt_${randomBytes(12).toString('hex')}`, SECRET);
  const answer = await postFrom('127.0.0.1', `${url()}/webhooks/stripe`, headers, payload);
  expect(answer.status).toBe(202);
  return String(answer.json?.eventId);
}

/** The process whose log says it stored this event. */
const storedBy = (eventId: string) => waitFor(`the log line of ${eventId}`, () => hub.lines.find((l) => l.msg === 'webhook accepted' && l.eventId === eventId)?.pid as number | undefined, 10_000);

beforeAll(async () => {
  db = await createTestDatabase('ingress_procs');
  hub = spawnHub(['ingress', '--processes', '2'], envFor(db, await freePort()));
  await waitFor('two ingress processes listening', () => listeningPids().size === 2, 45_000);
}, 60_000);
afterAll(async () => {
  await hub?.kill();
  await db?.drop();
});

describe('hub ingress --processes 2', () => {
  it('listens on one port with two processes, and both store webhooks', async () => {
    expect(new Set(listening().map((l) => l.url)).size).toBe(1);
    const eventIds = [];
    for (let i = 0; i < 8; i += 1) eventIds.push(await sendWebhook());
    const pids = await Promise.all(eventIds.map(storedBy));
    expect(new Set(pids)).toEqual(listeningPids());
    const stored = await db.admin.query<{ n: number }>(`SELECT count(*)::int AS n FROM events WHERE type = 'webhook.received'`);
    expect(stored.rows[0]?.n).toBe(8);
    // One /metrics, served by the primary, sums both processes.
    const metricsUrl = String(hub.lines.find((l) => l.msg === 'ingress starting its processes')?.metrics);
    expect(await (await fetch(metricsUrl)).text()).toContain('hub_webhooks_received_total{connector="stripe",service="ingress"} 8');
  });

  it('keeps answering on the port when a process is killed with SIGKILL, and starts another in its place', async () => {
    const [victim, survivor] = [...listeningPids()] as [number, number];
    process.kill(victim, 'SIGKILL');
    await hub.waitForLog('ingress worker exited: starting another', 5_000);
    // Until the replacement listens, the survivor takes every connection.
    for (let i = 0; i < 4; i += 1) expect(await storedBy(await sendWebhook())).toBe(survivor);
    const replacement = await waitFor('a replacement process listening', () => [...listeningPids()].find((p) => p !== victim && p !== survivor), 30_000);
    const pids = new Set<number>();
    for (let i = 0; i < 6; i += 1) pids.add(await storedBy(await sendWebhook()));
    expect(pids).toEqual(new Set([survivor, replacement]));
  });

  it('drains every process on SIGTERM and exits 0', async () => {
    hub.child.kill('SIGTERM');
    expect(await hub.exited()).toBe(0);
    expect(hub.lines.filter((l) => l.msg === 'SIGTERM: draining').length).toBe(2);
    expect(hub.lines.filter((l) => l.msg === 'ingress worker stopped').map((l) => l.code)).toEqual([0, 0]);
  });
});

describe('hub ingress --processes when its processes keep crashing', () => {
  it('gives up after more than 5 crashes within a minute and exits non-zero', async () => {
    const crashing = spawnHub(['ingress', '--processes', '2'], envFor(db));
    try {
      // Each process is killed as soon as it is started, before it could serve anything.
      const killed = new Set<number>();
      await waitFor(
        'the primary to give up',
        () => {
          for (const l of crashing.lines) {
            const pid = Number(l.workerPid);
            if (l.msg === 'ingress worker started' && !killed.has(pid)) {
              killed.add(pid);
              try {
                process.kill(pid, 'SIGKILL');
              } catch {
                // already gone
              }
            }
          }
          return crashing.child.exitCode !== null;
        },
        20_000,
      );
      expect(crashing.child.exitCode).toBe(1);
      expect(crashing.lines.some((l) => l.msg === 'ingress workers keep crashing: stopping the ingress')).toBe(true);
      expect(killed.size).toBe(6);
    } finally {
      await crashing.kill();
    }
  });
});

describe('hub ingress --processes refusals', () => {
  it('refuses a process count that is not 1 to 64', async () => {
    const refused = spawnHub(['ingress', '--processes', '0'], {});
    expect(await refused.exited()).toBe(1);
    expect(refused.stderr().trim()).toMatch(/^HUB_CLI_USAGE: --processes takes a whole number from 1 to 64/);
  });

  it('reports a configuration problem once, before any process is started', async () => {
    const refused = spawnHub(['ingress', '--processes', '2'], { ...envFor(db), HUB_INGRESS_PORT: 'eighty' });
    expect(await refused.exited()).toBe(1);
    expect(refused.stderr().match(/HUB_CONFIG_INVALID/g)).toHaveLength(1);
    expect(refused.lines.some((l) => l.msg === 'ingress worker started')).toBe(false);
  });
});
