import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDownstream, type Downstream } from './support/downstream.js';
import { hubUpEnv, spawnHub, type HubProcess } from './support/hub-process.js';
import { listeningSockets } from './support/listening-sockets.js';
import { writeLedgerRoutesFile } from './support/ledger-routes-file.js';
import { slackClient } from './support/slack-requests.js';
import { testDatabaseUrl } from './support/test-database.js';
import { waitFor } from './support/wait-for.js';

// The new user's path: `hub up` (embedded SQS emulator, generated development secrets),
// then `hub send-test`, then the console shows the event processed.
const schema = `t_hubup_${Date.now().toString(36)}`;
let dir: string;
let downstream: Downstream;
let hub: HubProcess;
let env: Record<string, string>;
const SLACK_SECRET = 'slack-signing-secret-hub-up';

beforeAll(async () => {
  downstream = await startDownstream();
  const written = await writeLedgerRoutesFile(downstream.url);
  dir = written.dir;
  const routes = written.file;
  // With a workspace's three settings the Slack app starts too (any free port).
  // The test's downstream stands in for the demo sink: its host:port is the one local origin allowed.
  env = hubUpEnv(testDatabaseUrl(), schema, { HUB_CONFIG_FILE: routes, HUB_OUTBOUND_ALLOWED_HOSTS: new URL(downstream.url).host, SLACK_SIGNING_SECRET: SLACK_SECRET, SLACK_BOT_TOKEN: 'xoxb-hub-up', SLACK_TEAM_ID: 'T0HUB', HUB_SLACK_PORT: '0' });
  hub = spawnHub(['up'], env, dir);
});
afterAll(async () => {
  await hub.kill();
  await downstream.close();
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

/** How a connection to `host:port` ends: 'connected', 'timeout' or the error's code (ECONNREFUSED). */
function tryConnect(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 2_000 });
    socket.once('connect', () => {
      socket.destroy();
      resolve('connected');
    });
    socket.once('timeout', () => {
      socket.destroy();
      resolve('timeout');
    });
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? err.message));
  });
}

describe('hub up + hub send-test', () => {
  it('keeps its embedded SQS emulator on loopback: from the network the queues cannot be reached', async () => {
    // The emulator checks no signature: whoever reaches it can read, delete or inject the hub's
    // messages. fauxqs's own starter bound every interface (0.0.0.0) whatever host it was given.
    const line = await hub.waitForLog(/^SQS emulator \(fauxqs\) on http/, 30_000);
    const port = Number(new URL(/(http:\/\/\S+)/.exec(String(line.msg))?.[1] ?? 'http://invalid').port);
    expect(port).toBeGreaterThan(0);
    const emulator = (await listeningSockets(hub.child.pid as number)).filter((s) => s.port === port);
    expect(emulator).toEqual([{ address: '127.0.0.1', port }]);
    expect(await tryConnect('127.0.0.1', port)).toBe('connected');
    // The attack itself, from each of this machine's own non-loopback addresses (CI's eth0).
    const external = Object.values(networkInterfaces()).flatMap((list) => list ?? []).filter((a) => a.family === 'IPv4' && !a.internal);
    for (const address of external) expect(await tryConnect(address.address, port)).not.toBe('connected');
  });

  it('starts everything, accepts a signed sample webhook and delivers it, then stops cleanly on SIGINT', async () => {
    const ingressLine = await hub.waitForLog(/^ingress\s+http/, 30_000);
    const consoleLine = await hub.waitForLog(/^console\s+http/);
    const ingressUrl = /(http:\/\/[^/\s]+)/.exec(String(ingressLine.msg))?.[1] as string;
    const consoleUrl = /(http:\/\/[^/\s]+)/.exec(String(consoleLine.msg))?.[1] as string;
    expect(hub.lines.some((l) => /development webhook secrets written/.test(String(l.msg)))).toBe(true);
    const slackLine = await hub.waitForLog(/^slack\s+http/);
    const slackUrl = /(http:\/\/[^/\s]+)/.exec(String(slackLine.msg))?.[1] as string;
    const help = await slackClient({ appUrl: () => slackUrl, signingSecret: SLACK_SECRET, teamId: 'T0HUB', slack: () => ({ responseUrl: () => 'http://127.0.0.1:9/r' }) }).slash('help', { user: 'U0ANYONE' });
    expect(help.status).toBe(200);
    expect(help.json?.text).toContain('/hub workflow new');

    const sender = spawnHub(['send-test', 'stripe', 'payment_intent.succeeded', '--url', ingressUrl], { HUB_CONSOLE_PORT: new URL(consoleUrl).port }, dir);
    const posted = await sender.waitForLog(/-> 202/);
    expect(await sender.exited()).toBe(0);
    const eventId = /"eventId":"([^"]+)"/.exec(String(posted.msg))?.[1] as string;

    const view = await waitFor('the sample event to be processed', async () => {
      const res = await fetch(`${consoleUrl}/api/events/${eventId}`);
      const body = (await res.json()) as { status?: string; timeline?: { type: string }[] };
      return body.status === 'processed' ? body : undefined;
    });
    expect(view.timeline?.map((e) => e.type)).toContain('action.succeeded');
    expect(downstream.sideEffects.filter((r) => (r.body as { hubEventId?: string }).hubEventId === eventId)).toHaveLength(1);

    hub.child.kill('SIGINT');
    expect(await hub.exited()).toBe(0);
  });

  it('send-test explains what to do when the connector or event is unknown', async () => {
    const unknownConnector = spawnHub(['send-test', 'paypal', 'x'], {}, dir);
    expect(await unknownConnector.exited()).toBe(1);
    const unknownEvent = spawnHub(['send-test', 'stripe', 'invoice.nope'], {}, dir);
    expect(await unknownEvent.exited()).toBe(1);
  });
});
