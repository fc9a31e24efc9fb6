import { randomBytes } from 'node:crypto';
import { defineAction, defineConnector, shopifyScheme, type Connector } from '@hub/connector-sdk';
import { CredentialStore, EnvMasterKeys } from '@hub/core/credentials';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runCredentialsList, runCredentialsSet, runRotateDataKeys, runRotateKey } from '../../apps/cli/src/commands/credentials.js';
import type { SecretInput } from '../../apps/cli/src/secret-input.js';
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
  // A multi-account webhook connector without outbound auth (as Shopify is here).
  defineConnector({
    id: 'shops',
    version: '1.0.0',
    name: 'shops',
    webhook: { scheme: shopifyScheme(), eventId: { from: 'header', name: 'x-id' }, eventType: { from: 'header', name: 'x-topic' }, multiAccount: true },
    events: {},
    fixtures: {},
    actions: {},
  }),
  // Outbound auth and per-account webhooks (as Zendesk and Jira are).
  defineConnector({
    id: 'tickets',
    version: '1.0.0',
    name: 'tickets',
    webhook: { scheme: shopifyScheme(), eventId: { from: 'header', name: 'x-id' }, eventType: { from: 'header', name: 'x-topic' }, multiAccount: true },
    events: {},
    fixtures: {},
    actions: { action },
    auth: { type: 'apiKey', in: 'header', name: 'X-Api-Key' },
  }),
];
const connectors = async () => ({ get: (id: string) => installed.find((c) => c.id === id), list: () => installed });

/** Standard input as a pipe carrying `stdin` (the hidden terminal prompt is tested on a real pty in credentials-tty.test.ts). */
const piped = (stdin: string): SecretInput => ({ interactive: false, prompt: () => Promise.reject(new Error('no terminal')), readAll: async () => stdin });

async function set(connector: string, options: Parameters<typeof runCredentialsSet>[2], stdin = ''): Promise<string[]> {
  const lines: string[] = [];
  await runCredentialsSet(env, connector, options, { print: (l) => lines.push(l), connectors, input: piped(stdin) });
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
    expect((await set('helpdesk', { field: ['apiKey'] }, 'hk_SECRET_1\n')).join()).not.toContain('hk_SECRET_1');
    await set('helpdesk', { account: 'acme', field: ['apiKey'] }, 'hk_SECRET_acme=with=equals');
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
    await expect(set('paypal', { field: ['apiKey'] }, 'x')).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('helpdesk, crm, ledger, shops, tickets') });
    await expect(set('plain', { field: ['apiKey'] }, 'x')).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('declares no auth') });
    await expect(set('helpdesk', { field: ['token'] }, 'x')).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('reads apiKey; not: token') });
    await expect(set('ledger', { field: ['username'] }, 'u')).rejects.toMatchObject({
      code: 'HUB_CLI_USAGE',
      message: expect.stringContaining('hub credentials set ledger --field username --field password'),
    });
    // One value per named field, in order: a line missing (or one too many) stores nothing.
    await expect(set('ledger', { field: ['username', 'password'] }, 'u\n')).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('expected 2 non-empty line(s) on standard input') });
    await expect(set('helpdesk', { field: ['apiKey'] }, 'a\nb\n')).rejects.toMatchObject({ code: 'HUB_CLI_USAGE' });
    await expect(set('helpdesk', {})).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringContaining('--field <name>') });
    await expect(set('helpdesk', { fromStdin: true }, '["not", "an object"]')).rejects.toMatchObject({ code: 'HUB_CLI_USAGE' });
  });

  it('refuses a value given on the command line, without repeating it, and says how to give it', async () => {
    const before = await db.admin.query('SELECT count(*)::int AS n, max(updated_at) AS at FROM credentials');
    const refused = set('helpdesk', { field: ['apiKey=hk_ARGV_SECRET'] });
    await expect(refused).rejects.toMatchObject({ code: 'HUB_CLI_USAGE', message: expect.stringMatching(/not taken on the command line.*--field apiKey.*hidden prompt.*standard input.*--from-stdin/) });
    await expect(refused).rejects.not.toMatchObject({ message: expect.stringContaining('hk_ARGV_SECRET') });
    expect((await db.admin.query('SELECT count(*)::int AS n, max(updated_at) AS at FROM credentials')).rows).toEqual(before.rows);
  });

  it('rotate-key re-wraps every data key under the new master key; with the old key removed every credential still decrypts', async () => {
    // A second data key: the first is retired, so the next credential gets a new one.
    await db.admin.query('UPDATE data_keys SET retired_at = now()');
    await set('ledger', { field: ['username', 'password'] }, 'u\npw_SECRET\n');
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

  it("--webhook-secret sets an account's own webhook secret beside its outbound fields, and neither replaces the other", async () => {
    const store = new CredentialStore(db.pool, new EnvMasterKeys(k2));
    const k2env = { ...env, HUB_MASTER_KEYS: k2 };
    const setK2 = async (connector: string, options: Parameters<typeof runCredentialsSet>[2], stdin: string) => {
      const lines: string[] = [];
      await runCredentialsSet(k2env, connector, options, { print: (l) => lines.push(l), connectors, input: piped(stdin) });
      return lines.join('\n');
    };
    await setK2('tickets', { account: 'acme', field: ['apiKey'] }, 'hk_acme_v2');
    const said = await setK2('tickets', { account: 'acme', webhookSecret: true }, 'whsec_acme_own_webhook_secret_1\n');
    expect(said).not.toContain('whsec_acme_own');
    expect(await store.get('tickets', 'acme')).toEqual({ apiKey: 'hk_acme_v2', webhookSecret: 'whsec_acme_own_webhook_secret_1' });
    await setK2('tickets', { account: 'acme', field: ['apiKey'] }, 'hk_acme_v3');
    expect(await store.get('tickets', 'acme')).toEqual({ apiKey: 'hk_acme_v3', webhookSecret: 'whsec_acme_own_webhook_secret_1' });
    // Both at once: the field values first, the webhook secret last.
    await setK2('tickets', { account: 'acme', field: ['apiKey'], webhookSecret: true }, 'hk_acme_v4\nwhsec_acme_own_webhook_secret_2');
    expect(await store.get('tickets', 'acme')).toEqual({ apiKey: 'hk_acme_v4', webhookSecret: 'whsec_acme_own_webhook_secret_2' });
    // A connector with no outbound auth takes a webhook secret per account (two during a rotation), from JSON too.
    expect(await setK2('shops', { account: 'a.myshopify.com', webhookSecret: true }, 'shop-a-new-secret-0001,shop-a-old-secret-0002')).toContain('/webhooks/shops/a.myshopify.com');
    await setK2('shops', { account: 'b.myshopify.com', fromStdin: true }, JSON.stringify({ webhookSecret: 'shop-b-secret-from-json' }));
    expect(await store.get('shops', 'a.myshopify.com')).toEqual({ webhookSecret: 'shop-a-new-secret-0001,shop-a-old-secret-0002' });
    expect(await store.get('shops', 'b.myshopify.com')).toEqual({ webhookSecret: 'shop-b-secret-from-json' });
  });

  it('refuses a webhook secret too weak to mean anything, one without an account, and one for a connector without accounts', async () => {
    const refusal = (options: Parameters<typeof runCredentialsSet>[2], stdin: string, connector = 'shops') => set(connector, options, stdin).then(() => 'stored', (err: { code: string; message: string }) => `${err.code}: ${err.message}`);
    expect(await refusal({ account: 'c.myshopify.com', webhookSecret: true }, 'whsec_')).toMatch(/^HUB_CLI_USAGE: webhook secret too weak .*nothing follows the whsec_ prefix/);
    expect(await refusal({ account: 'c.myshopify.com', webhookSecret: true }, 'fifteen-bytes-x')).toMatch(/^HUB_CLI_USAGE: webhook secret too weak .*15 bytes/);
    expect(await refusal({ account: 'c.myshopify.com', webhookSecret: true }, 'long-enough-new-secret,short')).toMatch(/webhook secret 2 of 2 too weak/);
    expect(await refusal({ webhookSecret: true }, 'long-enough-secret-0001')).toMatch(/add --account <account>/);
    expect(await refusal({ account: 'x/../y', webhookSecret: true }, 'long-enough-secret-0001')).toMatch(/--account must be what the webhook URL/);
    expect(await refusal({ account: 'acme', webhookSecret: true }, 'long-enough-secret-0001', 'helpdesk')).toMatch(/helpdesk has no per-account webhooks; its webhook secret is HELPDESK_WEBHOOK_SECRET/);
    expect((await db.admin.query(`SELECT count(*)::int AS n FROM credentials WHERE account IN ('c.myshopify.com', 'x/../y')`)).rows[0].n).toBe(0);
  });

  it('rotate-data-keys re-encrypts every credential under one fresh data key and retires the others', async () => {
    const k2env = { ...env, HUB_MASTER_KEYS: k2 };
    const store = new CredentialStore(db.pool, new EnvMasterKeys(k2));
    const before = await store.list();
    const values = await Promise.all(before.map((c) => store.get(c.connector, c.account)));
    const printed: string[] = [];
    expect(await runRotateDataKeys(k2env, (l) => printed.push(l))).toEqual({ complete: true });
    const after = await store.list();
    const fresh = after[0]?.keyId as string;
    expect(printed.join('\n')).toContain(`re-encrypted ${before.length} credential(s) under the fresh data key ${fresh}`);
    expect(new Set(after.map((c) => c.keyId))).toEqual(new Set([fresh]));
    expect(await Promise.all(after.map((c) => store.get(c.connector, c.account)))).toEqual(values);
    const keys = await db.admin.query<{ id: string; retired: boolean }>('SELECT id, retired_at IS NOT NULL AS retired FROM data_keys');
    expect(keys.rows.filter((k) => !k.retired).map((k) => k.id)).toEqual([fresh]);
  });
});
