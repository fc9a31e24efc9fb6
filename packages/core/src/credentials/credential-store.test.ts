import { createDecipheriv, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../../test/support/test-database.js';
import { CredentialStore } from './credential-store.js';
import { EnvMasterKeys } from './master-keys.js';

const k1 = `k1:${randomBytes(32).toString('base64')}`;
const k2 = `k2:${randomBytes(32).toString('base64')}`;
const CANARY = 'sk_live_CANARY_51Hq';
let db: TestDatabase;

async function unwrappedDataKey(id: string): Promise<Buffer> {
  const { rows } = await db.admin.query('SELECT wrapped_key, master_key_id FROM data_keys WHERE id = $1', [id]);
  return new EnvMasterKeys(k1).unwrap(rows[0].wrapped_key, rows[0].master_key_id);
}

beforeAll(async () => {
  db = await createTestDatabase('credentials');
});
afterAll(async () => {
  await db.drop();
});

describe('CredentialStore', () => {
  it('round-trips a credential and stores no plaintext', async () => {
    const store = new CredentialStore(db.pool, new EnvMasterKeys(k1));
    await store.put('stripe', '', { apiKey: CANARY });
    expect(await store.get('stripe')).toEqual({ apiKey: CANARY });
    const { rows } = await db.admin.query(`SELECT ciphertext, key_id FROM credentials WHERE connector = 'stripe'`);
    expect(Buffer.from(rows[0].ciphertext).toString('latin1')).not.toContain('CANARY');
    expect(rows[0].key_id).toMatch(/^dk_/);
    const keys = await db.admin.query(`SELECT wrapped_key FROM data_keys`);
    expect(keys.rowCount).toBe(1);
  });

  it('refuses a ciphertext altered in the database, or moved to another account', async () => {
    const store = new CredentialStore(db.pool, new EnvMasterKeys(k1));
    await store.put('shopify', 'shop-a', { token: 'a-secret' });
    await store.put('shopify', 'shop-b', { token: 'b-secret' });
    await db.admin.query(`UPDATE credentials SET ciphertext = (SELECT ciphertext FROM credentials WHERE account = 'shop-a'), iv = (SELECT iv FROM credentials WHERE account = 'shop-a'), tag = (SELECT tag FROM credentials WHERE account = 'shop-a') WHERE account = 'shop-b'`);
    await expect(store.get('shopify', 'shop-b')).rejects.toMatchObject({ code: 'HUB_CREDENTIAL_TAMPERED' });
    await db.admin.query(`UPDATE credentials SET ciphertext = set_byte(ciphertext, 0, (get_byte(ciphertext, 0) + 1) % 256) WHERE account = 'shop-a'`);
    await expect(new CredentialStore(db.pool, new EnvMasterKeys(k1)).get('shopify', 'shop-a')).rejects.toMatchObject({ code: 'HUB_CREDENTIAL_TAMPERED' });
  });

  it('refuses a stored tag cut to 12 bytes, which a decipher without a fixed tag length accepts', async () => {
    const store = new CredentialStore(db.pool, new EnvMasterKeys(k1));
    await store.put('hubspot', 'portal-1', { token: 'pat-secret' });
    await db.admin.query(`UPDATE credentials SET tag = substring(tag from 1 for 12) WHERE connector = 'hubspot'`);
    const { rows } = await db.admin.query(`SELECT key_id, iv, ciphertext, tag FROM credentials WHERE connector = 'hubspot'`);
    // The attack this closes: Node verifies a 12-byte GCM tag when no length is fixed (here, the first 12 bytes of the real one).
    const key = await unwrappedDataKey(rows[0].key_id);
    const lenient = createDecipheriv('aes-256-gcm', key, rows[0].iv);
    lenient.setAAD(Buffer.from('hubspot\u0000portal-1'));
    lenient.setAuthTag(rows[0].tag);
    expect(Buffer.concat([lenient.update(rows[0].ciphertext), lenient.final()]).toString()).toContain('pat-secret');
    await expect(new CredentialStore(db.pool, new EnvMasterKeys(k1)).get('hubspot', 'portal-1')).rejects.toMatchObject({ code: 'HUB_CREDENTIAL_TAMPERED' });
  });

  it('refuses a wrapped data key whose tag was cut', async () => {
    const master = new EnvMasterKeys(k1);
    const { wrapped, masterKeyId } = await master.wrap(randomBytes(32));
    await expect(master.unwrap(wrapped.subarray(0, 20), masterKeyId)).rejects.toMatchObject({ code: 'HUB_CREDENTIAL_TAMPERED' });
  });

  it('update merges into the row as stored: fields another writer owns survive', async () => {
    const store = new CredentialStore(db.pool, new EnvMasterKeys(k1));
    await store.put('zendesk', 'acme', { username: 'ops@acme.test/token', password: 'zd-token' });
    await Promise.all([
      store.update('zendesk', 'acme', (current) => ({ ...current, webhookSecret: 'zendesk-acme-webhook-secret' })),
      store.update('zendesk', 'acme', (current) => ({ ...current, password: 'zd-token-2' })),
    ]);
    expect(await store.get('zendesk', 'acme')).toEqual({ username: 'ops@acme.test/token', password: 'zd-token-2', webhookSecret: 'zendesk-acme-webhook-secret' });
  });

  it('rotate-key re-wraps the data keys under the new master key; the old one can then be removed', async () => {
    await new CredentialStore(db.pool, new EnvMasterKeys(k1)).put('github', '', { token: 'ghp_secret' });
    const during = new CredentialStore(db.pool, new EnvMasterKeys(`${k2},${k1}`)); // new key first, old still listed
    expect(await during.get('github')).toEqual({ token: 'ghp_secret' }); // readable during the rotation
    expect((await during.rewrapDataKeys()).rewrapped).toBeGreaterThan(0);
    const after = new CredentialStore(db.pool, new EnvMasterKeys(k2)); // old master key gone
    expect(await after.get('github')).toEqual({ token: 'ghp_secret' });
    expect(await after.get('stripe')).toEqual({ apiKey: CANARY });
    await expect(new CredentialStore(db.pool, new EnvMasterKeys(k1)).get('github')).rejects.toMatchObject({ code: 'HUB_CREDENTIAL_KEY_MISSING' });
  });

  it('refuses a malformed master key specification with a message that says how to make one', () => {
    expect(() => new EnvMasterKeys('k1:short')).toThrow(expect.objectContaining({ code: 'HUB_CONFIG_INVALID', message: expect.stringContaining('openssl rand -base64 32') }));
  });
});
