import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { CredentialStore } from './credential-store.js';
import { EnvMasterKeys } from './master-keys.js';

const master = () => new EnvMasterKeys(`k1:${Buffer.alloc(32, 1).toString('base64')}`);
let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase('rotatedk');
});
afterAll(async () => {
  await db.drop();
});

async function keyIds(): Promise<{ active: string[]; retired: string[]; inUse: string[] }> {
  const keys = await db.admin.query<{ id: string; retired: boolean }>('SELECT id, retired_at IS NOT NULL AS retired FROM data_keys');
  const used = await db.admin.query<{ key_id: string }>('SELECT DISTINCT key_id FROM credentials');
  return { active: keys.rows.filter((k) => !k.retired).map((k) => k.id), retired: keys.rows.filter((k) => k.retired).map((k) => k.id), inUse: used.rows.map((r) => r.key_id) };
}

describe('rotateDataKeys', () => {
  const values = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [`shop-${i}`, { token: `shpat_${randomBytes(8).toString('hex')}`, webhookSecret: `whsec_${randomBytes(18).toString('base64')}` }]));

  it('re-encrypts every credential under one fresh data key, retires the old one, and changes no value nor updated_at', async () => {
    const store = new CredentialStore(db.pool, master());
    for (const [account, fields] of Object.entries(values)) await store.put('shopify', account, fields);
    const before = await keyIds();
    const ciphertexts = await db.admin.query(`SELECT account, ciphertext, updated_at FROM credentials ORDER BY account`);

    const report = await store.rotateDataKeys();
    expect(report).toMatchObject({ reencrypted: 6, retired: 1, remaining: 0, interrupted: false, failed: [] });
    const after = await keyIds();
    expect(after.active).toEqual([report.dataKeyId]);
    expect(after.inUse).toEqual([report.dataKeyId]);
    expect(after.retired).toEqual(before.active);
    const reread = new CredentialStore(db.pool, master());
    for (const [account, fields] of Object.entries(values)) expect(await reread.get('shopify', account)).toEqual(fields);
    const rewritten = await db.admin.query(`SELECT account, ciphertext, updated_at FROM credentials ORDER BY account`);
    rewritten.rows.forEach((row, i) => {
      expect(Buffer.compare(row.ciphertext, ciphertexts.rows[i].ciphertext)).not.toBe(0);
      expect(row.updated_at).toEqual(ciphertexts.rows[i].updated_at);
    });
    // New writes go under the fresh key.
    await reread.put('shopify', 'shop-new', { token: 'shpat_new' });
    expect((await keyIds()).inUse).toEqual([report.dataKeyId]);
  });

  it('an interrupted run leaves every credential readable, and running it again finishes the job', async () => {
    const store = new CredentialStore(db.pool, master());
    const abort = new AbortController();
    const first = await store.rotateDataKeys({ signal: abort.signal, onProgress: (done) => done === 2 && abort.abort() });
    expect(first).toMatchObject({ reencrypted: 2, interrupted: true });
    expect(first.remaining).toBe(5);
    const mixed = await keyIds();
    // Two rows under the fresh key, the other five still under the retired one (which is kept).
    expect(mixed.inUse).toContain(first.dataKeyId);
    expect(mixed.inUse.filter((id) => mixed.retired.includes(id))).toHaveLength(1);
    for (const [account, fields] of Object.entries(values)) expect(await new CredentialStore(db.pool, master()).get('shopify', account)).toEqual(fields);

    const second = await store.rotateDataKeys();
    expect(second).toMatchObject({ reencrypted: 7, remaining: 0, interrupted: false });
    expect(await keyIds()).toMatchObject({ active: [second.dataKeyId], inUse: [second.dataKeyId] });
    for (const [account, fields] of Object.entries(values)) expect(await store.get('shopify', account)).toEqual(fields);
  });

  it('goes on past a row it cannot decrypt and reports it, leaving it under its retired key', async () => {
    const store = new CredentialStore(db.pool, master());
    await db.admin.query(`UPDATE credentials SET ciphertext = set_byte(ciphertext, 0, (get_byte(ciphertext, 0) + 1) % 256) WHERE account = 'shop-3'`);
    const report = await store.rotateDataKeys();
    expect(report.failed).toEqual([{ connector: 'shopify', account: 'shop-3', code: 'HUB_CREDENTIAL_TAMPERED' }]);
    expect(report).toMatchObject({ reencrypted: 6, remaining: 1 });
    expect(await store.get('shopify', 'shop-4')).toEqual(values['shop-4']);
  });
});
