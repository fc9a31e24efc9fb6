import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubUpEnv, spawnHub, type HubProcess } from './support/hub-process.js';
import { testDatabaseUrl } from './support/test-database.js';
import { waitFor } from './support/wait-for.js';

// A connector made outside the repository, the way an engineer publishes one: scaffolded by
// `hub connectors new`, tested as generated, packed with `npm pack`, installed from the tarball
// into another folder, and loaded by a running hub that only has that folder in its search path.
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const schema = `t_pkgs_${Date.now().toString(36)}`;
let root: string;
let hub: HubProcess | undefined;

function run(cmd: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? root, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => resolve({ code, output }));
  });
}

async function hubCommand(args: string[], cwd = root): Promise<{ code: number | null; output: string }> {
  const child = spawnHub(args, {}, cwd);
  const code = await child.exited();
  return { code, output: child.lines.map((l) => String(l.msg)).join('\n') + child.stderr() };
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'hub-connector-pkg-'));
  // The generated package finds the SDK and vitest the way an installed one would: in a node_modules above it.
  await symlink(path.join(repoRoot, 'node_modules'), path.join(root, 'node_modules'), 'dir');
});
afterAll(async () => {
  await hub?.kill();
  await rm(root, { recursive: true, force: true });
  const admin = new pg.Client({ connectionString: testDatabaseUrl() });
  await admin.connect();
  await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  await admin.end();
});

describe('connector packages', () => {
  it('scaffolds a connector whose own contract tests pass without an edit', { timeout: 120_000 }, async () => {
    // The repository's compose file beside the new package gets the connector's worker service.
    await mkdir(path.join(root, 'docker'));
    await writeFile(path.join(root, 'docker', 'compose.yaml'), await readFile(path.join(repoRoot, 'docker', 'compose.yaml')));
    const created = await hubCommand(['connectors', 'new', 'acme', '--dir', root]);
    expect(created.code, created.output).toBe(0);
    const compose = parse(await readFile(path.join(root, 'docker', 'compose.yaml'), 'utf8'), { merge: true }) as { services: Record<string, { build?: { args?: Record<string, string> }; environment?: Record<string, string> }> };
    expect(compose.services['worker-acme']?.build?.args?.CONNECTOR).toBe('acme');
    expect(compose.services.ingress?.environment).toHaveProperty('ACME_WEBHOOK_SECRET');
    expect((await readdir(path.join(root, 'acme'))).sort()).toEqual(
      ['README.md', 'connector.test.ts', 'connector.yaml', 'fixtures', 'package.json', 'schemas', 'simulator.yaml'].sort(),
    );

    const tests = await run(process.execPath, [path.join(repoRoot, 'node_modules/vitest/vitest.mjs'), 'run', '--root', path.join(root, 'acme')], path.join(root, 'acme'));
    expect(tests.code, tests.output).toBe(0);
    const passed = Number(/Tests\s+(?:\S+\s+)?(\d+) passed/.exec(stripVTControlCharacters(tests.output))?.[1]);
    expect(passed).toBeGreaterThanOrEqual(10);

    const again = await hubCommand(['connectors', 'new', 'acme', '--dir', root]);
    expect(again.code).toBe(1);
    expect(again.output).toMatch(/already exists and is not empty/);
  });

  it('validates the declaration, and names file, line and field of a mistake', async () => {
    const valid = await hubCommand(['connectors', 'validate', path.join(root, 'acme')]);
    expect(valid.code, valid.output).toBe(0);
    expect(valid.output).toMatch(/ok acme@0\.1\.0/);

    const broken = path.join(root, 'broken');
    await mkdir(broken);
    const yaml = await readFile(path.join(root, 'acme', 'connector.yaml'), 'utf8');
    const lines = yaml.replace('    method: POST', '    method: SEND').split('\n');
    const line = lines.findIndex((l) => l === '    method: SEND') + 1;
    expect(line).toBeGreaterThan(0);
    await writeFile(path.join(broken, 'connector.yaml'), lines.join('\n'));
    const invalid = await hubCommand(['connectors', 'validate', path.join(broken, 'connector.yaml')]);
    expect(invalid.code).toBe(1);
    expect(invalid.output).toContain(`connector.yaml:${line}:`);
    expect(invalid.output).toContain('actions.create_contact.method');
  });

  it('packs the connector, installs the tarball elsewhere, and a running hub loads it and processes its webhook', { timeout: 120_000 }, async () => {
    const packed = await run('npm', ['pack', '--pack-destination', root, '--silent'], path.join(root, 'acme'));
    expect(packed.code, packed.output).toBe(0);
    const tarball = path.join(root, packed.output.trim().split('\n').pop()!);
    const site = path.join(root, 'site');
    await mkdir(site);
    await writeFile(path.join(site, 'package.json'), JSON.stringify({ name: 'site', private: true }));
    const installed = await run('npm', ['install', tarball, '--offline', '--no-audit', '--no-fund', '--ignore-scripts'], site);
    expect(installed.code, installed.output).toBe(0);

    const connectorPaths = path.join(site, 'node_modules');
    const env = hubUpEnv(testDatabaseUrl(), schema, { HUB_CONNECTOR_PATHS: connectorPaths, HUB_CONNECTORS: 'stripe,acme' });
    const listed = await run(process.execPath, [path.join(repoRoot, 'apps/cli/dist/main.js'), 'connectors', 'list', '--json'], site, env);
    expect(listed.code, listed.output).toBe(0);
    const rows = JSON.parse(listed.output) as { id: string; package: string; enabled: boolean; dir: string }[];
    expect(rows.find((r) => r.id === 'acme')).toMatchObject({ package: '@hub/connector-acme', enabled: true, dir: path.join(site, 'node_modules', '@hub', 'connector-acme') });
    expect(rows.find((r) => r.id === 'github')?.enabled).toBe(false);
    // Each scheme's replay protection is part of what is listed.
    expect(rows.find((r) => r.id === 'github')).toMatchObject({ webhook: 'github', replayProtection: 'body-digest', multiAccount: false });
    expect(rows.find((r) => r.id === 'shopify')).toMatchObject({ webhook: 'shopify', replayProtection: 'body-digest', multiAccount: true });
    expect(rows.find((r) => r.id === 'stripe')).toMatchObject({ webhook: 'stripe', replayProtection: 'timestamp' });

    hub = spawnHub(['up'], env, site);
    const ingressLine = await hub.waitForLog(/^ingress\s+http/, 30_000);
    const consoleLine = await hub.waitForLog(/^console\s+http/);
    expect(String((await hub.waitForLog(/^workers\s/)).msg)).toMatch(/\bacme\b/);
    const ingressUrl = /(http:\/\/[^/\s]+)/.exec(String(ingressLine.msg))?.[1] as string;
    const consoleUrl = /(http:\/\/[^/\s]+)/.exec(String(consoleLine.msg))?.[1] as string;

    const sender = spawnHub(['send-test', 'acme', 'contact.created', '--url', ingressUrl], { HUB_CONNECTOR_PATHS: connectorPaths, HUB_CONSOLE_PORT: new URL(consoleUrl).port }, site);
    const posted = await sender.waitForLog(/-> 202/);
    expect(await sender.exited()).toBe(0);
    const eventId = /"eventId":"([^"]+)"/.exec(String(posted.msg))?.[1] as string;
    const view = await waitFor('the acme event to be processed', async () => {
      const body = (await (await fetch(`${consoleUrl}/api/events/${eventId}`)).json()) as { status?: string; connector?: string };
      return body.status === 'processed' ? body : undefined;
    });
    expect(view.connector).toBe('acme');
  });
});
