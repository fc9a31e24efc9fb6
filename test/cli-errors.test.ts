import { describe, expect, it } from 'vitest';
import { spawnHub } from './support/hub-process.js';

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
