import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { discoverConnectors, hubNodeModules } from './index.js';

let root: string;

/** Writes a package whose default export is a plain connector definition (validated on load). */
async function connectorPackage(nodeModules: string, name: string, manifest: Record<string, unknown>, definition?: Record<string, unknown>): Promise<string> {
  const dir = join(nodeModules, name);
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.2.3', type: 'module', ...manifest }));
  if (definition) await writeFile(join(dir, 'index.js'), `export default ${JSON.stringify(definition)};`);
  return dir;
}

const plain = (id: string, version = '1.2.3') => ({ id, version, name: id, events: {}, fixtures: {}, actions: {} });

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'hub-discovery-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('discoverConnectors', () => {
  it("finds the repository's connectors in the hub's own node_modules by their hub field", async () => {
    const catalog = await discoverConnectors({ searchPaths: [hubNodeModules()!] });
    const ids = catalog.list().map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['stripe', 'github', 'shopify', 'http']));
    const stripe = catalog.installed.find((i) => i.connector.id === 'stripe');
    expect(stripe?.package.manifest.name).toBe('@hub/connector-stripe');
    expect(catalog.get('stripe')?.secretEnvName).toBe('STRIPE_WEBHOOK_SECRET');
    expect(catalog.get('toString')).toBeUndefined();
  });

  it('loads a package from an extra search path and ignores packages without a hub field', async () => {
    const modules = join(root, 'extra', 'node_modules');
    await connectorPackage(modules, '@acme/hub-connector-acme', { hub: { connector: './index.js' } }, plain('acme'));
    await connectorPackage(modules, 'left-pad', {});
    const catalog = await discoverConnectors({ searchPaths: [modules] });
    expect(catalog.list().map((c) => c.id)).toEqual(['acme']);
  });

  it('runs only the enabled connectors and names the installed ones when an enabled id is missing', async () => {
    const modules = hubNodeModules()!;
    const only = await discoverConnectors({ searchPaths: [modules], enabled: ['github'] });
    expect(only.list().map((c) => c.id)).toEqual(['github']);
    await expect(discoverConnectors({ searchPaths: [modules], enabled: ['github', 'paypal'] })).rejects.toMatchObject({
      code: 'HUB_CONNECTOR_UNKNOWN',
      message: expect.stringMatching(/paypal.*installed: .*stripe/),
    });
  });

  it('refuses two packages that declare the same connector id, naming both', async () => {
    const modules = join(root, 'dupes', 'node_modules');
    await connectorPackage(modules, 'hub-connector-a', { hub: { connector: './index.js' } }, plain('twin'));
    await connectorPackage(modules, 'hub-connector-b', { hub: { connector: './index.js' } }, plain('twin'));
    await expect(discoverConnectors({ searchPaths: [modules] })).rejects.toMatchObject({
      code: 'HUB_CONNECTOR_DUPLICATE',
      message: expect.stringMatching(/hub-connector-a.*hub-connector-b/),
    });
  });

  it('refuses a connector whose declared version is not its package version', async () => {
    const modules = join(root, 'versions', 'node_modules');
    await connectorPackage(modules, 'hub-connector-old', { hub: { connector: './index.js' } }, plain('old', '0.9.0'));
    await expect(discoverConnectors({ searchPaths: [modules] })).rejects.toMatchObject({
      code: 'HUB_CONNECTOR_PACKAGE_INVALID',
      message: expect.stringContaining('declares version 0.9.0'),
    });
  });

  it('explains a broken hub field or an entry that is not a connector', async () => {
    const badField = join(root, 'bad-field', 'node_modules');
    await connectorPackage(badField, 'hub-connector-bad', { hub: { connector: 'index.js' } });
    await expect(discoverConnectors({ searchPaths: [badField] })).rejects.toMatchObject({ code: 'HUB_CONNECTOR_PACKAGE_INVALID', message: expect.stringContaining('starting with ./') });

    const notConnector = join(root, 'not-connector', 'node_modules');
    await connectorPackage(notConnector, 'hub-connector-empty', { hub: { connector: './index.js' } }, { hello: 'world' });
    await expect(discoverConnectors({ searchPaths: [notConnector] })).rejects.toMatchObject({
      code: 'HUB_CONNECTOR_PACKAGE_INVALID',
      message: expect.stringContaining('no default export made by defineConnector'),
    });

    const invalid = join(root, 'invalid', 'node_modules');
    await connectorPackage(invalid, 'hub-connector-invalid', { hub: { connector: './index.js' } }, { ...plain('Not An Id') });
    await expect(discoverConnectors({ searchPaths: [invalid] })).rejects.toMatchObject({ code: 'HUB_CONNECTOR_PACKAGE_INVALID', message: expect.stringContaining('hub-connector-invalid') });
  });
});
