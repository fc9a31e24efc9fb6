import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiTokenStore } from '@hub/core/api-tokens';
import { hubUpEnv, spawnHub, type HubProcess } from '../support/hub-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { waitFor } from '../support/wait-for.js';
import { rawRequest } from '../support/raw-http.js';

// Secure by default: production never starts with an open API; a development console without any
// credential reads for this machine only (never for a web page that rebinds its name to 127.0.0.1).
let db: TestDatabase;
const children: HubProcess[] = [];

function start(args: string[], extra: Record<string, string>): HubProcess {
  const child = spawnHub(args, { ...hubUpEnv(db.url, db.schema), LOG_LEVEL: 'info', ...extra });
  children.push(child);
  return child;
}

async function consoleUrlOf(child: HubProcess): Promise<string> {
  return String((await child.waitForLog(/^console listening/, 30_000)).url);
}

beforeAll(async () => {
  db = await createTestDatabase('consolemodes');
});
afterAll(async () => {
  await Promise.all(children.map((c) => c.kill()));
  await db.drop();
});

describe('production', { timeout: 60_000 }, () => {
  it('hub console and hub up refuse to start without a credential, and say which variable to set', async () => {
    for (const args of [['console'], ['up']]) {
      const child = start(args, { NODE_ENV: 'production' });
      expect(await child.exited()).toBe(1);
      expect(child.stderr()).toMatch(/HUB_CONFIG_INVALID: .*set HUB_CONSOLE_TOKEN/);
      // hub up stops before the ingress or a worker runs.
      expect(child.lines.some((l) => /^ingress\s/.test(String(l.msg)))).toBe(false);
    }
  });

  it('refuses a bootstrap token too short to mean anything', async () => {
    const child = start(['console'], { NODE_ENV: 'production', HUB_CONSOLE_TOKEN: 'short-token' });
    expect(await child.exited()).toBe(1);
    expect(child.stderr()).toMatch(/HUB_CONSOLE_TOKEN: at least 32 characters/);
  });

  it('with a named token, starts closed: even a loopback request without a token is refused', async () => {
    const { token } = await new ApiTokenStore(db.pool).create({ name: 'prod-ops', role: 'operator', actor: 'test' });
    const child = start(['console'], { NODE_ENV: 'production' });
    const url = await consoleUrlOf(child);
    expect((await fetch(`${url}/api/connectors`)).status).toBe(401);
    expect((await fetch(`${url}/api/connectors`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
    await new ApiTokenStore(db.pool).revoke('prod-ops', 'test');
    await child.kill('SIGTERM');
  });
});

describe('development without any credential', { timeout: 60_000 }, () => {
  it('reads for loopback names only, refuses writes, and closes as soon as a token exists', async () => {
    const child = start(['console'], { HUB_CONSOLE_TOKEN: '' });
    const url = await consoleUrlOf(child);
    const port = new URL(url).port;
    expect((await rawRequest(url, { method: 'GET', target: '/api/connectors' })).status).toBe(200);
    // DNS rebinding: the browser connects to 127.0.0.1 but names the attacker's host.
    const rebound = await rawRequest(url, { method: 'GET', target: '/api/connectors', headers: { host: `evil.example:${port}` } });
    expect(rebound.status).toBe(401);
    const write = await rawRequest(url, { method: 'POST', target: '/api/replay', headers: { 'content-type': 'application/json' }, body: '{"eventIds":["x"],"reason":"r"}' });
    expect(write.status).toBe(403);
    expect(JSON.parse(write.body).error.code).toBe('HUB_WRITE_DISABLED');

    await new ApiTokenStore(db.pool).create({ name: 'first-operator', role: 'operator', actor: 'test' });
    await waitFor('the console to close once a token exists', async () => (await rawRequest(url, { method: 'GET', target: '/api/connectors' })).status === 401, 10_000);
  });
});
