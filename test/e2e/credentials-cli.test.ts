import { randomBytes } from 'node:crypto';
import { defineAction, defineConnector, type Connector } from '@hub/connector-sdk';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCredentialsList, runCredentialsSet, runRotateKey } from '../../apps/cli/src/commands/credentials.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const k1 = `k1:${randomBytes(32).toString('base64')}`;
const k2 = `k2:${randomBytes(32).toString('base64')}`;
let db: TestDatabase;
let env: Record<string, string>;

const action = defineAction({ description: 'noop', input: z.object({}), run: (ctx) => ctx.http.request({ method: 'GET', url: `${ctx.baseUrl}/` }) });
const withAuth = (id: string, auth: Connector['auth']) => defineConnector({ id, version: '1.0.0', name: id, events: {}, fixtures: {}, actions: { action }, auth });
const installed = [
  withAuth('helpdesk', { type: 'apiKey', in: 'header', name: 'X-Api-Key' }),
  withAuth('crm', { type: 'oauth2', grant: 'authorization_code', tokenUrl: 'https://crm.example.com/oauth/token' }),
  withAuth('ledger', { type: 'basic' }),
  defineConnector({ id: 'plain', version: '1.0.0', name: 'plain', events: {}, fixtures: {}, actions: { action } }),
];
const connectors = async () => ({ get: (id: string) => installed.find((c) => c.id === id), list: () => installed });

async function set(connector: string, options: Parameters<typeof runCredentialsSet>[2], stdin?: string): Promise<string[]> {
  const lines: string[] = [];
  await runCredentialsSet(env, connector, options, { print: (l) => lines.push(l), connectors, ...(stdin === undefined ? {} : { readStdin: async () => stdin }) });
  return lines;
}

async function list(environment = env): Promise<string> {
  const lines: string[] = [];
  await runCredentialsList(environment, (l) => lines.push(l));
  return lines.join('\n');
}

beforeAll(async () => {
  db = await createTestDatabase('credentials_cli');
  env = { DATABASE_URL: db.url, DATABASE_SCHEMA: db.schema, HUB_MASTER_KEYS: k1, NODE_ENV: 'production' };
});
afterAll(async () => {
  await db.drop();
});

describe('hub credentials set / list', () => {
  it('stores the given fields encrypted, per account, and lists names but never values', async () => {
    expect((await set('helpdesk', { field: ['apiKey=hk_SECRET_1'] })).join()).not.toContain('hk_SECRET_1');
    await set('helpdesk', { account: 'acme', field: ['apiKey=hk_SECRET_acme=with=equals'] });
    await set('crm', { fromStdin: true }, JSON.stringify({ clientId: 'cid', clientSecret: 'cs_SECRET', refreshToken: 'rt_SECRET' }));
    const store = new CredentialStore(db.pool, new EnvMasterKeys(k1));
    expect(await store.get('helpdesk', 'acme')).toEqual({ apiKey: 'hk_SECRET_acme=with=equals' });
    expect(await store.get('crm')).toEqual({ clientId: 'cid', clientSecret: 'cs_SECRET', refreshToken: 'rt_SECRET' });
    const listed = await list();
    expect(listed).toMatch(/crm\s+\(default\)\s+clientId, clientSecret, refreshToken\s+dk_\S+ \/ k1/);
    expect(listed).toMatch(/helpdesk\s+acme\s+apiKey/);
    expect(listed).not.toContain('SECRET');
  });

  it('tells the operator what to do: unknown connector, no auth, a field its method does not read, a missing field', async () => {
    await expect(set('paypal', { field: ['apiKey=x'] })).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('helpdesk, crm, ledger') });
    await expect(set('plain', { field: ['apiKey=x'] })).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('declares no auth') });
    await expect(set('helpdesk', { field: ['token=x'] })).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('reads apiKey; not: token') });
    await expect(set('ledger', { field: ['username=u'] })).rejects.toMatchObject({
      code: 'HUB_CLI_USAGE',
      message: expect.stringContaining('hub credentials set ledger --field username=<username> --field password=<password>'),
    });
    await expect(set('helpdesk', { field: ['apiKey'] })).rejects.toMatchObject({ code: 'HUB_CLI_USAGE' });
    await expect(set('helpdesk', { fromStdin: true }, '["not", "an object"]')).rejects.toMatchObject({ code: 'HUB_CLI_USAGE' });
  });

  it('rotate-key re-wraps every data key under the new master key; with the old key removed every credential still decrypts', async () => {
    // A second data key: the first is retired, so the next credential gets a new one.
    await db.admin.query('UPDATE data_keys SET retired_at = now()');
    await set('ledger', { field: ['username=u', 'password=pw_SECRET'] });
    const before = await db.admin.query<{ id: string; master_key_id: string }>('SELECT id, master_key_id FROM data_keys');
    expect(before.rows.length).toBe(2);
    expect(before.rows.every((r) => r.master_key_id === 'k1')).toBe(true);

    const printed: string[] = [];
    await runRotateKey({ ...env, HUB_MASTER_KEYS: `${k2},${k1}` }, (l) => printed.push(l));
    expect(printed.join()).toContain('re-wrapped 2 data key(s) under master key k2');
    const after = await db.admin.query<{ master_key_id: string }>('SELECT master_key_id FROM data_keys');
    expect(after.rows.map((r) => r.master_key_id)).toEqual(['k2', 'k2']);

    const onlyNew = new CredentialStore(db.pool, new EnvMasterKeys(k2));
    expect(await onlyNew.get('helpdesk')).toEqual({ apiKey: 'hk_SECRET_1' });
    expect(await onlyNew.get('helpdesk', 'acme')).toEqual({ apiKey: 'hk_SECRET_acme=with=equals' });
    expect(await onlyNew.get('crm')).toEqual({ clientId: 'cid', clientSecret: 'cs_SECRET', refreshToken: 'rt_SECRET' });
    expect(await onlyNew.get('ledger')).toEqual({ username: 'u', password: 'pw_SECRET' });
    const listed = await list({ ...env, HUB_MASTER_KEYS: k2 });
    expect(listed).not.toContain('unreadable');
    expect(listed.split('\n').filter((l) => l.endsWith('/ k2'))).toHaveLength(4);
    // The old master key alone no longer opens anything.
    expect(await list()).toContain('(unreadable: HUB_CREDENTIAL_KEY_MISSING)');
  });
});
