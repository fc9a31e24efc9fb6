import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { addComposeWorker } from './compose-entry.js';

const repoCompose = join(import.meta.dirname, '../../../../docker/compose.yaml');
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'hub-compose-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('addComposeWorker', () => {
  it('adds a worker service and the ingress secret, keeps comments, and is idempotent', async () => {
    const file = join(dir, 'compose.yaml');
    const original = await readFile(repoCompose, 'utf8');
    await writeFile(file, original);
    expect(await addComposeWorker(file, 'acme-crm')).toBe(true);
    const text = await readFile(file, 'utf8');
    const compose = parse(text, { merge: true }) as { services: Record<string, { image?: string; build?: { target?: string; args?: Record<string, string> }; environment?: Record<string, string> }>; volumes: unknown };
    expect(compose.services['worker-acme-crm']).toMatchObject({ image: 'hub-worker-acme-crm:latest', build: { target: 'worker', args: { CONNECTOR: 'acme-crm' } } });
    expect(compose.services.ingress?.environment?.ACME_CRM_WEBHOOK_SECRET).toBe('${ACME_CRM_WEBHOOK_SECRET:-}');
    expect(compose.volumes).toBeDefined();
    expect(text).toContain('# Adding a connector = one more worker service');
    expect(await addComposeWorker(file, 'acme-crm')).toBe(false);
    expect(await readFile(file, 'utf8')).toBe(text);
  });

  it('refuses a compose file it cannot place the service in, with the block to add by hand', async () => {
    const file = join(dir, 'odd.yaml');
    await writeFile(file, 'services:\n  a: { image: x }\n');
    await expect(addComposeWorker(file, 'acme')).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('worker-acme:') });
  });
});
