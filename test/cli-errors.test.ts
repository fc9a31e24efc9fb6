import { mkdtemp } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubUpEnv, spawnHub } from './support/hub-process.js';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from './support/test-database.js';

describe('hub command errors', () => {
  it('reports every configuration problem at once and exits 1', async () => {
    const hub = spawnHub(['worker', '--connector', 'stripe'], { DATABASE_URL: 'not a url', HUB_WORKER_CONCURRENCY: 'many', LOG_LEVEL: 'chatty' });
    expect(await hub.exited()).toBe(1);
    const err = hub.stderr();
    expect(err).toMatch(/^HUB_CONFIG_INVALID/);
    expect(err).toContain('DATABASE_URL');
    expect(err).toContain('HUB_WORKER_CONCURRENCY');
    expect(err).toContain('LOG_LEVEL');
  });

  it('names the known connectors when asked for a worker of an unknown one', async () => {
    const hub = spawnHub(['worker', '--connector', 'paypal'], {});
    expect(await hub.exited()).toBe(1);
    expect(hub.stderr().trim()).toMatch(/^HUB_CLI_USAGE: unknown connector paypal; use --connector <id> with one of: .*\bgithub, .*\bstripe\b/);
  });

  it('a missing argument prints the usage, not a stack trace', async () => {
    const hub = spawnHub(['send-test', 'stripe'], {});
    expect(await hub.exited()).toBe(1);
    expect(hub.stderr()).toContain("missing required argument 'event-type'");
    expect(hub.stderr()).not.toMatch(/at .*\.js:\d+/);
  });
});

describe('hub credentials rotate-key', () => {
  it('explains how to set HUB_MASTER_KEYS when it is missing', async () => {
    const hub = spawnHub(['credentials', 'rotate-key'], {});
    expect(await hub.exited()).toBe(1);
    expect(hub.stderr()).toContain('HUB_CLI_USAGE: set HUB_MASTER_KEYS=');
  });
});

describe('a port another program holds', () => {
  let holder: Server;
  let held: number;
  let db: TestDatabase;
  const noStackTrace = /at .*\.[cm]?js:\d+/;

  beforeAll(async () => {
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    held = (holder.address() as { port: number }).port;
    db = await createTestDatabase('port_in_use');
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => holder.close(() => resolve()));
    await db?.drop();
  });

  it.each([
    // LocalStack listens on 4566 too: the message says how to use it instead.
    ['HUB_SQS_EMULATOR_PORT', (port: number) => `(0 picks a free one); if an SQS emulator (LocalStack, fauxqs) is what holds it, set SQS_ENDPOINT=http://127.0.0.1:${port} to use that one`],
    // Its 0 is "off", not "any port".
    ['HUB_DEMO_SINK_PORT', () => 'to another port (0 turns it off)'],
  ])('hub up on a held %s names that setting and what else to do, no stack trace', async (setting, hint) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'hub-port-'));
    const hub = spawnHub(['up'], hubUpEnv(testDatabaseUrl(), db.schema, { [setting]: String(held) }), dir);
    expect(await hub.exited()).toBe(1);
    const err = hub.stderr().trim();
    expect(err).toMatch(new RegExp(`^HUB_PORT_IN_USE: 127\\.0\\.0\\.1:${held} is in use by another program: stop it, or set ${setting} to another port`));
    expect(err).toContain(hint(held));
    expect(err).not.toMatch(noStackTrace);
  });

  const slackApp = { SLACK_SIGNING_SECRET: 'port-in-use-signing-secret', SLACK_BOT_TOKEN: 'xoxb-port-in-use', SLACK_TEAM_ID: 'T0PORT' };
  it.each([
    ['ingress', 'HUB_INGRESS_PORT', '0 picks a free one', { HUB_RELAY: 'off', HUB_CONNECTORS: 'stripe', HUB_METRICS_PORT: '0' }],
    ['ingress', 'HUB_METRICS_PORT', '0 turns it off', { HUB_RELAY: 'off', HUB_CONNECTORS: 'stripe', HUB_INGRESS_PORT: '0' }],
    ['console', 'HUB_CONSOLE_PORT', '0 picks a free one', {}],
    ['slack', 'HUB_SLACK_PORT', '0 picks a free one', slackApp],
  ])('hub %s on a held %s names that setting and what its 0 does, no stack trace', async (command, setting, zero, env) => {
    const base = { DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
    const hub = spawnHub([command], { ...base, ...env, [setting]: String(held) });
    expect(await hub.exited()).toBe(1);
    const err = hub.stderr().trim();
    // The Slack app binds every interface: its address is 0.0.0.0, the others' 127.0.0.1.
    expect(err).toMatch(new RegExp(`^HUB_PORT_IN_USE: (127\\.0\\.0\\.1|0\\.0\\.0\\.0):${held} is in use by another program: stop it, or set ${setting} to another port`));
    expect(err).toContain(`to another port (${zero})`);
    expect(err).not.toMatch(noStackTrace);
  });
});
